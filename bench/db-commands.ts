// Loaded into the collab bench's server processes (--import ./bench/db-commands.ts): counts the
// database commands this process sends (MongoDB driver command monitoring), by command and
// collection, and prints "DBCMD <json>" on SIGUSR2, so the bench can count writes per batch
// without touching the servers' code.
import mongoose from "mongoose";

const counts: Record<string, number> = {};
const connect = mongoose.connect.bind(mongoose);
(mongoose as { connect: unknown }).connect = (uri: string, opts: object = {}) => connect(uri, { ...opts, monitorCommands: true });
mongoose.connection.once("connected", () => {
  mongoose.connection.getClient().on("commandStarted", (e) => {
    const key = `${e.commandName} ${String((e.command as Record<string, unknown>)[e.commandName])}`;
    counts[key] = (counts[key] ?? 0) + 1;
  });
});

process.on("SIGUSR2", () => process.stdout.write(`DBCMD ${JSON.stringify(counts)}\n`));
