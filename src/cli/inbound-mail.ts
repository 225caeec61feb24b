import { bootstrap } from "../bootstrap.js";
import { ConfigError, loadConfig } from "../config.js";
import { handleUnsubscribeMail, unsubscribeTokens } from "../subscribers/mailto.js";

/**
 * Takes one "unsubscribe" email on standard input, as an MTA pipe delivers it (Postfix `pipe`,
 * an Exim or OpenSMTPD alias for unsubscribe@<domain>):
 *
 *   npm run mail:inbound < message.eml
 *
 * Exit codes are sysexits.h, which MTAs understand: 0 done (or nothing left to do); 65 no valid
 * token, so the MTA bounces the message with our explanation to the sender; 75 the database
 * could not be reached (or is held by a running embedded server), so the MTA tries again later.
 */
const EX_USAGE = 64;
const EX_DATAERR = 65;
const EX_TEMPFAIL = 75;
const EX_CONFIG = 78;

const noToken =
  "No unsubscribe token was found in the Subject or the first line of this message. " +
  "Reply with the subject unchanged, or use the unsubscribe link at the end of any newsletter.";

async function main(): Promise<number> {
  if (process.stdin.isTTY) {
    console.error("Usage: npm run mail:inbound < message.eml  (one email on standard input)");
    return EX_USAGE;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (raw.trim() === "") {
    console.error("inbound-mail: standard input was empty; expected one email message");
    return EX_USAGE;
  }
  // Most stray mail to the address carries no token at all: answer it without the database.
  if (unsubscribeTokens(raw).length === 0) {
    console.error(noToken);
    return EX_DATAERR;
  }
  let runtime: Awaited<ReturnType<typeof bootstrap>>;
  try {
    runtime = await bootstrap({ ...loadConfig(), logLevel: "error" });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`inbound-mail: ${err.message}`);
      return EX_CONFIG;
    }
    console.error(`inbound-mail: try again later: ${err instanceof Error ? err.message : err}`);
    return EX_TEMPFAIL;
  }
  try {
    const result = await handleUnsubscribeMail(runtime.deps, raw);
    switch (result.outcome) {
      case "unsubscribed":
        console.log(`Unsubscribed subscriber ${result.subscriberId}.`);
        return 0;
      case "already_unsubscribed":
        console.log(`Subscriber ${result.subscriberId} was already unsubscribed.`);
        return 0;
      case "gone":
        console.log("That subscription no longer exists; nothing to do.");
        return 0;
      case "no_token":
        console.error(
          "The unsubscribe token in this message is not valid for this library. " +
            "Use the unsubscribe link at the end of any newsletter.",
        );
        return EX_DATAERR;
    }
  } catch (err) {
    console.error(`inbound-mail: try again later: ${err instanceof Error ? err.message : err}`);
    return EX_TEMPFAIL;
  } finally {
    await runtime.close();
  }
}

main().then((code) => process.exit(code));
