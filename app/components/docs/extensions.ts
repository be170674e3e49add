import StarterKit from "@tiptap/starter-kit";
import { TaskItem, TaskList } from "@tiptap/extension-list";

/**
 * The extensions that make the editor's schema (its node and mark names). The update check and the
 * read paths know these names as data (models/collab/content.constants.ts); extensions.test.ts
 * keeps the two equal, so a new extension here fails a test until the data names it too.
 */
export const contentExtensions = () => [
  StarterKit.configure({ undoRedo: false, link: { openOnClick: false, autolink: true, protocols: ["http", "https", "mailto"] } }),
  TaskList,
  TaskItem.configure({ nested: true }),
];
