import { type ReactNode, useEffect, useRef, useState } from "react";
import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { contentExtensions } from "./extensions";
import { DocSync, type SyncStatus } from "../../utils/doc-sync";
import { getSocket } from "../../utils/live.client";
import { useT } from "../../i18n/use-t";
import { ConnectionStatus } from "../connection-status";
import { isMessageKey, type MessageKey } from "../../../models/i18n/i18n";
import { anchorOfSelection, CommentHighlights, type AnchoredComment } from "./comment-highlights";
import type { CommentDraft } from "./comments-panel";

// The co-editing editor: Tiptap v3 over Yjs, synced through DocSync on the tab's Socket.IO
// connection (docs/decisions/007-collab-sync.md). Mounted in the browser only.

const COLOURS = ["#b3261e", "#1d4ed8", "#047857", "#7c3aed", "#b45309", "#0e7490", "#be185d", "#4d7c0f"];
export const colourOf = (userId: string) => COLOURS[[...userId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % COLOURS.length];

interface Props {
  groupId: string;
  docId: string;
  title: string;
  canWrite: boolean;
  user: { id: string; name: string };
  /** Comments: what to highlight, and what to do with a selection the user comments on. */
  comments?: {
    getComments: () => AnchoredComment[];
    getActiveId: () => string | null;
    /** The selection's anchor, or null when no text is selected (then the page says so). */
    onAdd: (draft: CommentDraft | null) => void;
  };
  /** The editor once it exists (null when it goes), with a wait for every local edit to be stored. */
  onEditor?: (e: { editor: Editor; whenSaved: () => Promise<void>; synced: boolean } | null) => void;
  /** What the page says once the server no longer lets the user open the document (default: removed from the group). */
  removedKey?: MessageKey;
  /** More of the same document below the text (a board's cards: decision 073), on the same DocSync. */
  below?: (sync: DocSync, editable: boolean) => ReactNode;
}

/** Refusals of an update beyond the editor's bounds (decision 021): said as they are. */
const BOUNDS_ISSUES = new Set(["too_deep", "too_many_nodes", "too_much_text", "unknown_node", "too_many_cards"]);

const noComments = { getComments: () => [], getActiveId: () => null, onAdd: () => undefined };

/** DocSync for one document while the component is mounted, and its status. */
function useDocSync(groupId: string, docId: string) {
  const [sync, setSync] = useState<DocSync | null>(null);
  const [status, setStatus] = useState<SyncStatus>("connecting");
  /** Batches not yet stored (offline: kept in this tab, in memory, until the connection is back). */
  const [waiting, setWaiting] = useState(0);
  const [removed, setRemoved] = useState(false);
  /** A batch the server refused for good (too heavy, invalid): said once, the text stays on screen. */
  const [refused, setRefused] = useState<string | null>(null);
  useEffect(() => {
    const socket = getSocket();
    const s = new DocSync({
      socket,
      groupId,
      docId,
      onStatus: setStatus,
      onWaiting: setWaiting,
      onError: (code, issue) =>
        code === "not_found" ? setRemoved(true) : setRefused(BOUNDS_ISSUES.has(issue ?? "") ? `error.${issue}` : code),
    });
    const onRemoved = (d: { groupId: string }) => {
      if (d.groupId !== groupId) return;
      setRemoved(true);
      s.destroy();
    };
    socket.on("group:removed", onRemoved);
    // Rewritten from its current content (a member's erasure, decision 064): this tab's copy holds the
    // old history, which the server no longer accepts updates on; the page loads the fresh document.
    const onRewritten = (d: { docId: string }) => {
      if (d.docId === docId) window.location.reload();
    };
    socket.on("doc:rewritten", onRewritten);
    setSync(s);
    setStatus(s.status);
    setWaiting(s.waiting);
    // Unsent edits are lost with the page (nothing confidential is kept in the browser): warn.
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (!s.idle) e.preventDefault();
    };
    window.addEventListener("beforeunload", beforeUnload);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      socket.off("group:removed", onRemoved);
      socket.off("doc:rewritten", onRewritten);
      s.destroy();
    };
  }, [groupId, docId]);
  return { sync, status, waiting, removed, refused };
}

export function CollabEditor(props: Props) {
  const t = useT();
  const { sync, status, waiting, removed, refused } = useDocSync(props.groupId, props.docId);
  if (removed) {
    return (
      <p className="form-error" role="alert">
        {t(props.removedKey ?? "sync.removed")}
      </p>
    );
  }
  return (
    <>
      <ConnectionStatus
        pending={waiting}
        unit="changes"
        syncing={status === "connecting"}
        note={status === "read-only" ? t("sync.read-only") : status === "error" ? t("sync.error") : null}
        data={{ "data-sync": status }}
      />
      {refused ? (
        <p className="form-error" role="alert">
          {refused.startsWith("error.") && isMessageKey(refused)
            ? `${t(refused)} ${t("sync.reload")}`
            : t(refused === "too_complex" ? "sync.tooComplex" : "sync.refused")}
        </p>
      ) : null}
      {sync ? <EditorFor sync={sync} status={status} {...props} /> : <p>{t("editor.loading")}</p>}
    </>
  );
}

function EditorFor({
  sync,
  status,
  title,
  canWrite,
  user,
  comments = noComments,
  onEditor,
  below,
}: Props & { sync: DocSync; status: SyncStatus }) {
  const t = useT();
  // Offline after loading, the editor keeps working; before the first load it takes no input.
  const editable = canWrite && sync.loaded && status !== "read-only" && status !== "error";
  // The shortcut handler is bound once, when the editor is made: it reads the current callbacks.
  const commentsRef = useRef(comments);
  commentsRef.current = comments;
  const addComment = (e: Editor) => commentsRef.current.onAdd(anchorOfSelection(e.state));
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable,
      extensions: [
        ...contentExtensions(),
        Collaboration.configure({ document: sync.ydoc }),
        CollaborationCaret.configure({ provider: sync, user: { name: user.name, color: colourOf(user.id) } }),
        CommentHighlights.configure({
          getComments: () => commentsRef.current.getComments(),
          getActiveId: () => commentsRef.current.getActiveId(),
          onAdd: () => {
            if (editorRef.current?.isEditable) addComment(editorRef.current);
          },
        }),
      ],
      editorProps: {
        attributes: { role: "textbox", "aria-multiline": "true", "aria-label": t("editor.label", { title }), class: "doc-editor" },
      },
    },
    [sync],
  );
  const editorRef = useRef<Editor | null>(null);
  editorRef.current = editor;
  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);
  const synced = status !== "connecting";
  // biome-ignore lint/correctness/useExhaustiveDependencies: reports only when the editor, the sync or synced change; each report is a new object the parent stores in state, so re-reporting on a new onEditor identity (an inline callback) would loop
  useEffect(() => {
    onEditor?.(editor ? { editor, whenSaved: () => sync.whenSaved(), synced } : null);
  }, [editor, sync, synced]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: unmount only: with onEditor as a dependency its cleanup would also run on a new onEditor identity and tell the parent the editor is gone while it is still there
  useEffect(() => () => onEditor?.(null), []);
  return (
    <div className="doc-editor-wrap">
      {editor && editable ? <Toolbar editor={editor} onComment={comments !== noComments ? () => addComment(editor) : undefined} /> : null}
      <EditorContent editor={editor} />
      {below?.(sync, editable)}
    </div>
  );
}

function Toolbar({ editor, onComment }: { editor: Editor; onComment?: () => void }) {
  const t = useT();
  const [, force] = useState(0);
  useEffect(() => {
    const rerender = () => force((n) => n + 1);
    editor.on("transaction", rerender);
    return () => void editor.off("transaction", rerender);
  }, [editor]);
  const chain = () => editor.chain().focus();
  const button = (label: string, active: boolean, run: () => void, shortcut?: string) => (
    <button
      type="button"
      aria-pressed={active}
      title={shortcut ? `${label} (${shortcut})` : label}
      onMouseDown={(e) => e.preventDefault()}
      onClick={run}
    >
      {label}
    </button>
  );
  return (
    <div role="toolbar" aria-label={t("editor.toolbar")} className="doc-toolbar">
      {button(t("editor.bold"), editor.isActive("bold"), () => chain().toggleBold().run(), "Ctrl+B")}
      {button(t("editor.italic"), editor.isActive("italic"), () => chain().toggleItalic().run(), "Ctrl+I")}
      {button(t("editor.h2"), editor.isActive("heading", { level: 2 }), () => chain().toggleHeading({ level: 2 }).run(), "Ctrl+Alt+2")}
      {button(t("editor.h3"), editor.isActive("heading", { level: 3 }), () => chain().toggleHeading({ level: 3 }).run(), "Ctrl+Alt+3")}
      {button(t("editor.bullets"), editor.isActive("bulletList"), () => chain().toggleBulletList().run(), "Ctrl+Shift+8")}
      {button(t("editor.numbers"), editor.isActive("orderedList"), () => chain().toggleOrderedList().run(), "Ctrl+Shift+7")}
      {button(t("editor.tasks"), editor.isActive("taskList"), () => chain().toggleTaskList().run(), "Ctrl+Shift+9")}
      {button(t("editor.quote"), editor.isActive("blockquote"), () => chain().toggleBlockquote().run(), "Ctrl+Shift+B")}
      {button(t("editor.link"), editor.isActive("link"), () => {
        const href = window.prompt(t("editor.linkPrompt"), (editor.getAttributes("link").href as string | undefined) ?? "https://");
        if (href === null) return;
        if (href === "") chain().unsetLink().run();
        else if (/^(https?:|mailto:)/i.test(href)) chain().extendMarkRange("link").setLink({ href }).run();
      })}
      {onComment ? (
        <button
          type="button"
          title={`${t("editor.addComment")} (Ctrl+Alt+M)`}
          aria-keyshortcuts="Control+Alt+M"
          disabled={editor.state.selection.empty}
          onMouseDown={(e) => e.preventDefault()}
          onClick={onComment}
        >
          {t("editor.addComment")}
        </button>
      ) : null}
    </div>
  );
}
