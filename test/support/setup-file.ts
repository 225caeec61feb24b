import { afterAll } from "vitest";
import { closeTestDatabases } from "./db.js";

// Runs in every test file: whatever databases its tests opened are closed (and dropped) at the end.
afterAll(closeTestDatabases);
