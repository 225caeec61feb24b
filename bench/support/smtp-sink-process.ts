/**
 * An SMTP sink in its own process (so it does not share the sender's CPU): accepts every message,
 * counts them, and reports the count to its parent on request. For bench:newsletter.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, _session, callback) {
    stream.on("data", () => {});
    stream.on("end", () => {
      received++;
      callback(null, "250 OK: queued");
    });
  },
});
server.on("error", () => {});
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.server.address() as AddressInfo).port });
});
process.on("message", (message: unknown) => {
  if (message === "count") process.send?.({ received });
  if (message === "stop") server.close(() => process.exit(0));
});
