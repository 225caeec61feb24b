import { parseArgs } from "node:util";
import { createToken, listTokens, revokeToken } from "../auth/service.js";
import { bootstrap } from "../bootstrap.js";
import { loadConfig } from "../config.js";
import { roles } from "../db/schema/enums.js";

const usage = `Usage:
  npm run token -- create --role <${roles.join("|")}> --name <who or what uses it>
  npm run token -- revoke <token id>
  npm run token -- list`;

class UsageError extends Error {}

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: "string" }, name: { type: "string" } },
  });
  const [command, id] = positionals;
  if (command === "create") {
    const role = roles.find((r) => r === values.role);
    if (!role) throw new UsageError(`--role must be one of ${roles.join(", ")}`);
    if (!values.name?.trim())
      throw new UsageError("--name is required (who or what will use the token)");
    await withRuntime(async (ctx) => {
      const { token, record } = await createToken({
        ctx,
        input: { name: values.name ?? "", role },
      });
      console.log(`Created ${record.role} token "${record.name}" (id ${record.id}).`);
      console.log(`Token (shown once, keep it safe): ${token}`);
    });
  } else if (command === "revoke") {
    if (!id || !/^[0-9a-f-]{36}$/i.test(id))
      throw new UsageError("revoke needs the token's id (see: npm run token -- list)");
    await withRuntime(async (ctx) => {
      const record = await revokeToken({ ctx, id });
      console.log(`Revoked token "${record.name}" (${record.role}, id ${record.id}).`);
    });
  } else if (command === "list") {
    await withRuntime(async (ctx) => {
      for (const t of await listTokens(ctx.db)) {
        const state = t.revokedAt
          ? `revoked ${t.revokedAt}`
          : `last used ${t.lastUsedAt ?? "never"}`;
        console.log(`${t.id}  ${t.role.padEnd(9)}  ${t.prefix}…  ${t.name}  (${state})`);
      }
    });
  } else {
    throw new UsageError(command ? `unknown command "${command}"` : "name a command");
  }
}

async function withRuntime(
  work: (ctx: Awaited<ReturnType<typeof bootstrap>>["systemCtx"]) => Promise<void>,
) {
  const runtime = await bootstrap({ ...loadConfig(), logLevel: "error" });
  try {
    await work({ ...runtime.systemCtx, actor: { tokenId: null, name: "cli", role: "admin" } });
  } finally {
    await runtime.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(err instanceof UsageError ? `${message}\n\n${usage}` : `token: ${message}`);
  process.exit(2);
});
