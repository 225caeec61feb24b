import { startTs } from "./process.js";

/** `npm run send` as its own process, started and killed (or stopped) by a test. */
export function runningSenders(env: Record<string, string>) {
  return {
    async start() {
      const started = startTs("src/cli/send.ts", [], {
        LEASE_SECONDS: "1",
        MAIL_RATE_PER_SECOND: "100000",
        LINK_SECRET: "a link secret for the sender processes of this test",
        ...env,
      });
      await started.waitFor(/Sending newsletters/);
      return {
        output: started.output,
        /** SIGKILL: no chance to record the batch in flight. */
        async kill() {
          started.child.kill("SIGKILL");
          await started.exited;
        },
        async stop() {
          started.child.kill("SIGTERM");
          await started.exited;
        },
      };
    },
  };
}
