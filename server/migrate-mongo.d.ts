// The part of migrate-mongo 14 (no types of its own) that server/migrate.ts uses.
declare module "migrate-mongo" {
  import type { Db, MongoClient } from "mongodb";
  export interface MigrateMongoConfig {
    migrationsDir: string;
    changelogCollectionName: string;
    /** 0: no lock of migrate-mongo's own (server/migrate.ts holds one). */
    lockTtl: number;
    lockCollectionName?: string;
    migrationFileExtension?: string;
    useFileHash?: boolean;
    moduleSystem?: "commonjs" | "esm";
  }
  export interface StatusItem {
    fileName: string;
    appliedAt: string;
  }
  export const config: { set(config: MigrateMongoConfig): void };
  export function status(db: Db): Promise<StatusItem[]>;
  export function up(db: Db, client: MongoClient): Promise<string[]>;
}
