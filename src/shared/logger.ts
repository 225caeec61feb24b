import { type Clock, systemClock } from "./clock.js";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** One JSON line per entry on stderr: easy to read, easy to ship to a log store. */
export function createLogger(
  level: LogLevel,
  write = (line: string) => console.error(line),
  clock: Clock = systemClock,
): Logger {
  const log =
    (at: Exclude<LogLevel, "silent">) => (message: string, fields?: Record<string, unknown>) => {
      if (rank[at] < rank[level]) return;
      write(
        JSON.stringify({ time: clock.now().toISOString(), level: at, msg: message, ...fields }),
      );
    };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

export const silentLogger = createLogger("silent");
