// Issue 4: "a client offline for 2 minutes while others edit merges cleanly". Real time: one editor
// is disconnected for two minutes and keeps writing, while two others keep editing through two
// nodes (the log is compacted several times meanwhile); it reconnects and everyone converges to
// what MongoDB holds, with every word written, once. Its own file, so it runs beside the rest of
// the suite instead of after it.
import { describe, expect, it } from "vitest";
import { DocSnapshot } from "../models/document/document.model";
import { converged, delay, threeEditors, typeAt, setupTwoNodes } from "../test/collab";

const OFFLINE_MS = 120_000;

const nodes = setupTwoNodes();

describe("a long disconnection", () => {
  it(
    "a client offline for 2 minutes while two others edit through two nodes merges cleanly on reconnect",
    async () => {
      const {
        doc,
        sockets: [, , s3],
        clients: [c1, c2, c3],
      } = await threeEditors(nodes, "start ");

      s3.disconnect();
      expect(c3.status).toBe("offline");
      const words: string[] = [];
      const until = Date.now() + OFFLINE_MS;
      // Typing pace (not synchronisation): a word every 150-350 ms online, one a second offline.
      const write = async (c: typeof c1, tag: string, where: "random" | "end", pause: () => number) => {
        for (let k = 0; Date.now() < until; k++) {
          const w = `${tag}${k} `;
          words.push(w);
          typeAt(c, w, where);
          await delay(pause());
        }
      };
      await Promise.all([
        write(c1, "a", "random", () => 150 + Math.random() * 200),
        write(c2, "b", "random", () => 150 + Math.random() * 200),
        write(c3, "off", "end", () => 1000),
      ]);
      await converged([c1, c2], doc.id, 60_000);
      expect(c3.status).toBe("offline");
      // The log was compacted meanwhile (every 200 entries): the rejoin's diff starts from a snapshot.
      const snapshotSeq = (await DocSnapshot.findOne({ docId: doc.id }).sort({ seq: -1 }).lean())?.seq ?? 0;
      expect(snapshotSeq).toBeGreaterThan(0);

      s3.connect();
      const final = await converged([c1, c2, c3], doc.id, 60_000);
      // Every character of every word, from all three, exactly once (words typed concurrently at
      // random places can interleave, so compare as a multiset, like the 5-editor test); the offline
      // words, typed at the end of a text no one else saw, each in one piece and in order.
      const expected = ["start ", ...words].join("");
      expect([...final].sort().join("")).toBe([...expected].sort().join(""));
      const offline = words.filter((w) => w.startsWith("off"));
      expect(offline.length).toBeGreaterThanOrEqual(100);
      expect(final).toContain(offline.join(""));
      console.info(
        `offline ${OFFLINE_MS / 1000} s: ${words.length} words (${words.filter((w) => w.startsWith("off")).length} offline), newest snapshot at position ${snapshotSeq}, final ${final.length} characters`,
      );
    },
    OFFLINE_MS + 150_000,
  );
});
