import { bootstrap } from "../bootstrap.js";
import { ConfigError, loadConfig } from "../config.js";
import { createNewsletterSender } from "../newsletters/send/sender.js";
import { rootCause } from "../shared/errors.js";

/**
 * A newsletter sender on its own, beside `npm start` or on another machine: it shares the
 * recipient ledger with every other sender (claims with SKIP LOCKED and leases), so a large issue
 * can be sent by several. Stops cleanly on SIGINT/SIGTERM after recording its batch in flight.
 */
async function main() {
  const runtime = await bootstrap(loadConfig());
  const sender = createNewsletterSender(runtime.deps);
  sender.start();
  console.log(
    `Sending newsletters through ${runtime.deps.mailer.mode === "smtp" ? "SMTP" : "preview mode (.eml files)"}; stop with Ctrl-C`,
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await sender.stop();
    await runtime.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(
    err instanceof ConfigError ? err.message : `The sender could not start: ${rootCause(err)}`,
  );
  process.exit(1);
});
