import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, type EditorState } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "@tiptap/y-tiptap";
import * as Y from "yjs";

// Comment ranges in the editor (docs/decisions/008-doc-comments.md): anchors are Yjs relative
// positions, mapped to ProseMirror positions through the sync plugin's binding on every change,
// so a highlight follows the text whoever edits it.

export interface AnchoredComment {
  id: string;
  anchorStart: string;
  anchorEnd: string;
}

const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromB64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

interface YSyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Map<Y.AbstractType<unknown>, unknown> } | null;
}
const ySync = (state: EditorState) => ySyncPluginKey.getState(state) as YSyncState | undefined;

/** Where a comment's range is in the editor now; null when its text is gone (or not synced yet). */
export function rangeOf(state: EditorState, c: AnchoredComment): { from: number; to: number } | null {
  const ys = ySync(state);
  if (!ys?.binding) return null;
  try {
    const at = (b64: string) =>
      relativePositionToAbsolutePosition(ys.doc, ys.type, Y.decodeRelativePosition(fromB64(b64)), ys.binding!.mapping as never);
    const from = at(c.anchorStart);
    const to = at(c.anchorEnd);
    if (from === null || to === null || to <= from || to > state.doc.content.size) return null;
    return state.doc.textBetween(from, to, " ").trim() ? { from, to } : null;
  } catch {
    return null;
  }
}

/** The anchor of the current selection, or null when nothing (or no text) is selected. */
export function anchorOfSelection(state: EditorState): { anchorStart: string; anchorEnd: string; quote: string } | null {
  const { from, to, empty } = state.selection;
  const ys = ySync(state);
  if (empty || !ys?.binding) return null;
  const quote = state.doc.textBetween(from, to, " ").replace(/\s+/g, " ").trim();
  if (!quote) return null;
  const mapping = ys.binding.mapping as never;
  // y-tiptap ties a position to the character before it; the start is tied to the one after it
  // instead, so text typed just before the range stays outside it (as text typed after the end).
  const startBefore = absolutePositionToRelativePosition(from, ys.type, mapping) as Y.RelativePosition;
  const abs = Y.createAbsolutePositionFromRelativePosition(startBefore, ys.doc);
  const start = abs ? Y.createRelativePositionFromTypeIndex(abs.type, abs.index, 0) : startBefore;
  const end = absolutePositionToRelativePosition(to, ys.type, mapping) as Y.RelativePosition;
  return { anchorStart: toB64(Y.encodeRelativePosition(start)), anchorEnd: toB64(Y.encodeRelativePosition(end)), quote };
}

const key = new PluginKey<DecorationSet>("commentHighlights");

interface Options {
  /** The comments to highlight (open ones), read on every change. */
  getComments: () => AnchoredComment[];
  getActiveId: () => string | null;
  /** The keyboard shortcut (Mod-Alt-m). */
  onAdd: () => void;
}

/** Highlights comment ranges and adds the "add comment" shortcut. */
export const CommentHighlights = Extension.create<Options>({
  name: "commentHighlights",
  addOptions() {
    return { getComments: () => [], getActiveId: () => null, onAdd: () => undefined };
  },
  addKeyboardShortcuts() {
    return {
      "Mod-Alt-m": () => {
        this.options.onAdd();
        return true;
      },
    };
  },
  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: () => DecorationSet.empty,
          apply: (tr, set) => (tr.getMeta(key) as DecorationSet | undefined) ?? set.map(tr.mapping, tr.doc),
        },
        props: { decorations: (state) => key.getState(state) },
        // Recomputed after each update, once the sync plugin has brought its mapping up to date
        // (a remote change replaces the whole content, which mapping alone would lose).
        view(view) {
          let timer: ReturnType<typeof setTimeout> | null = null;
          const recompute = () => {
            timer = null;
            const active = options.getActiveId();
            const decos = options.getComments().flatMap((c) => {
              const r = rangeOf(view.state, c);
              const cls = c.id === active ? "comment-range comment-range-active" : "comment-range";
              return r ? [Decoration.inline(r.from, r.to, { class: cls, "data-comment-id": c.id }, { id: `${c.id}:${cls}` })] : [];
            });
            const sig = (ds: Decoration[]) =>
              ds
                .map((d) => `${d.spec.id}@${d.from}-${d.to}`)
                .sort()
                .join(",");
            const current = key.getState(view.state)?.find() ?? [];
            if (sig(current) === sig(decos)) return;
            view.dispatch(view.state.tr.setMeta(key, DecorationSet.create(view.state.doc, decos)).setMeta("addToHistory", false));
          };
          const schedule = () => {
            timer ??= setTimeout(recompute, 0);
          };
          schedule();
          return {
            update: schedule,
            destroy: () => {
              if (timer) clearTimeout(timer);
            },
          };
        },
      }),
    ];
  },
});

/** Makes the highlights re-read their comments (after the list or the active one changed). */
export const refreshHighlights = (view: { state: EditorState; dispatch: (tr: EditorState["tr"]) => void; isDestroyed?: boolean }) => {
  if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta("commentsChanged", true));
};
