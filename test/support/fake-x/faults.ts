import {
  type Answer,
  duplicate,
  forbidden,
  serviceUnavailable,
  tooManyRequests,
  unauthorized,
} from "./problems.js";
import type { RouteKey } from "./routes.js";

export type FaultKind =
  | "rate_limit"
  | "unavailable"
  | "unauthorized"
  | "forbidden"
  | "duplicate"
  | "hang"
  | "drop";

export interface FaultOptions {
  /** How many matching requests fail (default 1). */
  times?: number;
  /** Only requests to these endpoints match (default: any request). */
  route?: RouteKey | RouteKey[];
  /**
   * The request takes effect first (the post is created), then the answer fails. This is the
   * "sent but not recorded" case: X has the post, the client saw only an error or silence.
   * Only for "unavailable", "hang" and "drop".
   */
  afterCommit?: boolean;
  /** rate_limit: `x-rate-limit-reset` in Unix seconds (default: now + 15 minutes). */
  reset?: number;
  /** rate_limit: `x-rate-limit-remaining` (default 0; X can send > 0 when a daily cap ran out). */
  remaining?: number;
  /** rate_limit: `x-rate-limit-limit` (default: the endpoint's configured limit). */
  limit?: number;
  /** rate_limit: the 24-hour user cap headers, `x-user-limit-24hour-*`. */
  userDay?: { limit: number; remaining: number; reset: number };
}

export interface ScriptedFault extends FaultOptions {
  kind: FaultKind;
  left: number;
}

/** What the server does instead of answering normally. */
export type FaultAction = { answer: Answer } | { hang: true } | { drop: true };

const COMMITTABLE = new Set<FaultKind>(["unavailable", "hang", "drop"]);

/** Faults wait in order; each request takes the first one whose route matches. */
export class FaultScript {
  private readonly queue: ScriptedFault[] = [];

  add(kind: FaultKind, options: FaultOptions = {}): void {
    if (options.afterCommit && !COMMITTABLE.has(kind)) {
      throw new Error(`afterCommit makes no sense for "${kind}": X refuses those before acting`);
    }
    this.queue.push({ ...options, kind, left: options.times ?? 1 });
  }

  take(route: RouteKey | null): ScriptedFault | null {
    const index = this.queue.findIndex((fault) => matches(fault, route));
    const fault = this.queue[index];
    if (!fault) return null;
    fault.left -= 1;
    if (fault.left <= 0) this.queue.splice(index, 1);
    return fault;
  }

  get pending(): number {
    return this.queue.reduce((sum, fault) => sum + fault.left, 0);
  }

  clear(): void {
    this.queue.length = 0;
  }
}

function matches(fault: ScriptedFault, route: RouteKey | null): boolean {
  if (fault.route === undefined) return true;
  const wanted = Array.isArray(fault.route) ? fault.route : [fault.route];
  return route !== null && wanted.includes(route);
}

export function faultAction(fault: ScriptedFault, nowSeconds: number, limit: number): FaultAction {
  switch (fault.kind) {
    case "hang":
      return { hang: true };
    case "drop":
      return { drop: true };
    case "unavailable":
      return { answer: serviceUnavailable() };
    case "unauthorized":
      return { answer: unauthorized() };
    case "forbidden":
      return { answer: forbidden() };
    case "duplicate":
      return { answer: duplicate() };
    case "rate_limit": {
      const headers: Record<string, string> = {
        "x-rate-limit-limit": String(fault.limit ?? limit),
        "x-rate-limit-remaining": String(fault.remaining ?? 0),
        "x-rate-limit-reset": String(fault.reset ?? nowSeconds + 900),
      };
      if (fault.userDay) {
        headers["x-user-limit-24hour-limit"] = String(fault.userDay.limit);
        headers["x-user-limit-24hour-remaining"] = String(fault.userDay.remaining);
        headers["x-user-limit-24hour-reset"] = String(fault.userDay.reset);
      }
      return { answer: { ...tooManyRequests(), headers } };
    }
  }
}
