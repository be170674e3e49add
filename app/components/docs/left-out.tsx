import { type ContentLeftOut, leftAnythingOut, leftOutTexts } from "../../../models/collab/content.constants";
import { useT } from "../../i18n/use-t";

/** Says what a read of a document left out (docs/decisions/021-content-bounds.md); nothing when it left out nothing. */
export function LeftOutNotes({ left }: { left: ContentLeftOut }) {
  const t = useT();
  if (!leftAnythingOut(left)) return null;
  return (
    <ul className="notice left-out">
      {leftOutTexts(left).map(([key, vars]) => (
        <li key={key}>{t(key, vars)}</li>
      ))}
    </ul>
  );
}
