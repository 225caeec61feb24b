import { addDays, localDate, wallTimeOf, zonedInstant } from "../shared/time.js";

/**
 * The next time a five-field cron expression ("0 10 * * 5": Fridays at 10:00) fires after `after`,
 * on the wall clock of `timeZone`. Numbers, lists and "*" in each field; what the rules need,
 * computed from the injected clock (node-cron only knows the real time).
 */
export function nextCronTime(expression: string, after: Date, timeZone: string): Date | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minutes, hours, days, months, weekdays] = fields.map(parseField) as [
    Field,
    Field,
    Field,
    Field,
    Field,
  ];
  const startDay = localDate(after, timeZone);
  for (let offset = 0; offset <= 400; offset++) {
    const day = addDays(startDay, offset);
    const [year, month, dom] = day.split("-").map(Number) as [number, number, number];
    const weekday = new Date(Date.UTC(year, month - 1, dom)).getUTCDay();
    if (!matches(months, month) || !matches(days, dom) || !matches(weekdays, weekday)) continue;
    for (const hour of values(hours, 0, 23)) {
      for (const minute of values(minutes, 0, 59)) {
        const at = zonedInstant(day, `${pad(hour)}:${pad(minute)}`, timeZone);
        if (at > after && wallTimeOf(at, timeZone).hour === hour) return at;
      }
    }
  }
  return null;
}

type Field = number[] | "*";

function parseField(field: string): Field {
  if (field === "*") return "*";
  return field.split(",").map(Number);
}

const matches = (field: Field, value: number) =>
  field === "*" || field.includes(value) || field.includes(value === 0 ? 7 : -1);
const values = (field: Field, from: number, to: number) =>
  field === "*"
    ? Array.from({ length: to - from + 1 }, (_, i) => from + i)
    : [...field].sort((a, b) => a - b);
const pad = (n: number) => String(n).padStart(2, "0");
