/** The migrated database each test file copies; named after the run's own database, so runs never share one. */
export function templateDatabaseName(serverUrl: string): string {
  const base = new URL(serverUrl).pathname.replace(/^\//, "") || "postgres";
  return `${base.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_warta_template`;
}

export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
