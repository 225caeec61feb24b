import { z } from "zod";

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * A deliverable-looking address, the way people really type them: no quoted local parts or IP
 * literals (a library newsletter never needs them). Lower-cased, so one inbox is one subscriber.
 */
export function isEmailAddress(value: string): boolean {
  const at = value.lastIndexOf("@");
  if (at < 1) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  return (
    local.length <= 64 && LOCAL_PART.test(local) && domain.length <= 253 && DOMAIN.test(domain)
  );
}

export const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { message: "must be at most 254 characters" })
  .refine(isEmailAddress, { message: "must be an email address such as nama@contoh.id" });
