import { CreateAcquisitionInput } from "../acquisitions/schemas.js";
import { createAcquisition } from "../acquisitions/service.js";
import { acquisitions, events } from "../db/schema/index.js";
import { CreateEventInput } from "../events/schemas.js";
import { createEvent } from "../events/service.js";
import { CreateNewsletterInput } from "../newsletters/schemas.js";
import { createNewsletter } from "../newsletters/service.js";
import { CreatePostInput } from "../posts/schemas.js";
import { createPost } from "../posts/service.js";
import type { Ctx } from "../shared/context.js";
import { addDays, localDate, zonedInstant } from "../shared/time.js";
import { demoAcquisitions, demoEvents } from "./demo-content.js";

/**
 * Fills an empty database with a few weeks of Perpustakaan Kota Manado's calendar and new books,
 * dated from today so the demo always looks current. Goes through the same services (and
 * validation, and audit log) as the API. Returns false when there is content already.
 */
export async function seedDemoContent(ctx: Ctx): Promise<boolean> {
  const [anyEvent] = await ctx.db.select({ id: events.id }).from(events).limit(1);
  const [anyBook] = await ctx.db.select({ id: acquisitions.id }).from(acquisitions).limit(1);
  if (anyEvent || anyBook) return false;

  const zone = ctx.config.timeZone;
  const today = localDate(ctx.clock.now(), zone);
  await ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    for (const demo of demoEvents) {
      const { dayOffset, startTime, durationMinutes, allDay, ...fields } = demo;
      const startsAt = zonedInstant(openDay(addDays(today, dayOffset)), startTime, zone);
      const input = CreateEventInput.parse({
        ...fields,
        allDay: allDay ?? false,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + durationMinutes * 60_000).toISOString(),
      });
      await createEvent({ ctx: tx, input });
    }
    for (const demo of demoAcquisitions) {
      const { isbn13, acquiredDaysAgo, ...fields } = demo;
      const input = CreateAcquisitionInput.parse({
        ...fields,
        isbn: isbn13,
        acquiredOn: addDays(today, -acquiredDaysAgo),
      });
      await createAcquisition({ ctx: tx, input });
    }
    for (const body of demoPosts) {
      await createPost({ ctx: tx, input: CreatePostInput.parse({ body, channels: ["x"] }) });
    }
    // A draft newsletter of the coming weeks, to preview, test-send and approve.
    const period = { periodStart: today, periodEnd: addDays(today, DEMO_NEWSLETTER_DAYS - 1) };
    await createNewsletter({ ctx: tx, input: CreateNewsletterInput.parse(period) });
  });
  return true;
}

/** Covers every demo event (up to 28 days ahead) and, by the new-books rule, every demo book. */
const DEMO_NEWSLETTER_DAYS = 30;

const demoPosts = [
  "Selamat datang di Perpustakaan Kota Manado! Buka Senin–Sabtu pukul 08.00–16.00 WITA. Kartu anggota gratis, cukup bawa KTP atau kartu pelajar. #PerpustakaanKotaManado #AyoMembaca",
  "Koleksi baru sudah tiba: novel, buku anak, sejarah Sulawesi Utara, hingga resep masakan Manado. Mampir dan pinjam hari ini! #BukuBaru #Manado",
];

/** The library opens Monday to Saturday: an event that would fall on a Sunday moves to Monday. */
function openDay(date: string): string {
  return new Date(`${date}T00:00:00Z`).getUTCDay() === 0 ? addDays(date, 1) : date;
}
