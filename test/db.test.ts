import mongoose from "mongoose";
import { describe, expect, inject, it } from "vitest";
import { withDatabase } from "./db";
import { expectConsoleError } from "./setup";
import { User } from "../models/user/user.model";
import { buildUser } from "./factories";

describe("withDatabase", () => {
  it.each([
    ["mongodb://127.0.0.1:27017/leerkring", "mongodb://127.0.0.1:27017/leerkring_w1"],
    ["mongodb://127.0.0.1:27017/leerkring?directConnection=true", "mongodb://127.0.0.1:27017/leerkring_w1?directConnection=true"],
    ["mongodb://127.0.0.1:27017", "mongodb://127.0.0.1:27017/leerkring_w1"],
    ["mongodb://127.0.0.1:27017/", "mongodb://127.0.0.1:27017/leerkring_w1"],
    ["mongodb://a:1,b:2/app?replicaSet=rs0", "mongodb://a:1,b:2/app_w1?replicaSet=rs0"],
    ["mongodb://u:p%40ss@h:1/app", "mongodb://u:p%40ss@h:1/app_w1?authSource=app"],
    ["mongodb://u:p@h:1/app?authSource=admin", "mongodb://u:p@h:1/app_w1?authSource=admin"],
    ["mongodb://u:p@h:1", "mongodb://u:p@h:1/leerkring_w1?authSource=admin"],
    ["mongodb+srv://cluster.example.net/app?retryWrites=true", "mongodb+srv://cluster.example.net/app_w1?retryWrites=true"],
  ])("%s -> %s", (uri, expected) => {
    expect(withDatabase(uri, "_w1")).toBe(expected);
  });

  it("refuses what is not a MongoDB URI", () => {
    expect(() => withDatabase("redis://127.0.0.1:6379", "_w1")).toThrow(/not a MongoDB URI/);
  });
});

describe("test setup", () => {
  it("connects this worker to its own database", () => {
    expect(mongoose.connection.readyState).toBe(1);
    expect(mongoose.connection.db?.databaseName).toBe(`leerkring_r${inject("TEST_RUN_ID")}_w${process.env.VITEST_POOL_ID}`);
  });

  it("leaves data behind in one test ...", async () => {
    await buildUser();
    expect(await User.countDocuments()).toBe(1);
  });

  it("... that the next test does not see", async () => {
    expect(await User.countDocuments()).toBe(0);
  });

  it("unique indexes exist before the first write", async () => {
    const u = await buildUser();
    await expect(User.create({ email: u.email })).rejects.toMatchObject({ code: 11000 });
  });

  it("an expected console.error is recorded instead of failing the test", () => {
    const calls = expectConsoleError(/socket went away/);
    console.error("the socket went away", { id: 1 });
    expect(calls).toEqual([["the socket went away", { id: 1 }]]);
  });
});
