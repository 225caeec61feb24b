/**
 * The SMTP sink bench:newsletter sends to, in its own process: a lean but real SMTP server (220
 * greeting, EHLO, MAIL, RCPT, DATA with dot-terminated bodies, RSET, NOOP, QUIT) that accepts
 * and counts every message. It offers PIPELINING, as Postfix and Exim do: pipelined commands
 * arrive in one chunk and are answered in order. Not smtp-server: its per-message parsing costs more than the sender
 * being measured, and the tests already check every message with smtp-server and mailparser.
 */
import net, { type AddressInfo } from "node:net";

let received = 0;
let bytes = 0;
const END_OF_DATA = Buffer.from("\r\n.\r\n");

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  let inData = false;
  let pending: Buffer = Buffer.alloc(0);
  socket.write("220 sink ESMTP ready\r\n");
  socket.on("data", (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    // The replies to a chunk go out together, as Postfix answers a pipelined group: one write.
    let replies = "";
    for (;;) {
      if (inData) {
        // The terminator can straddle chunks: keep the tail that might start it.
        const end = pending.indexOf(END_OF_DATA);
        if (end === -1) {
          const kept = Math.min(pending.length, END_OF_DATA.length);
          bytes += pending.length - kept;
          pending = pending.subarray(pending.length - kept);
          break;
        }
        bytes += end;
        pending = pending.subarray(end + END_OF_DATA.length);
        inData = false;
        received++;
        replies += "250 OK: queued\r\n";
        continue;
      }
      const lineEnd = pending.indexOf("\r\n");
      if (lineEnd === -1) break;
      const verb = pending.subarray(0, Math.min(lineEnd, 4)).toString("latin1").toUpperCase();
      pending = pending.subarray(lineEnd + 2);
      if (verb === "EHLO")
        replies += "250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n";
      else if (verb === "DATA") {
        inData = true;
        // The body starts right after DATA's line; a blank first line means "\r\n.\r\n" could
        // begin at the very start, so look from one CRLF back.
        pending = Buffer.concat([Buffer.from("\r\n"), pending]);
        replies += "354 End data with <CR><LF>.<CR><LF>\r\n";
      } else if (verb === "QUIT") {
        socket.end(`${replies}221 Bye\r\n`);
        return;
      } else replies += "250 OK\r\n";
    }
    if (replies) socket.write(replies);
  });
  socket.on("error", () => {});
});
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on("message", (message: unknown) => {
  if (message === "count") process.send?.({ received, bytes });
  if (message === "stop") server.close(() => process.exit(0));
});
