import type { RuleOptions } from "../db/schema/rules.js";

export interface RuleDefinition {
  name: string;
  trigger: "event_offset" | "schedule";
  subject: "events" | "acquisitions" | "newsletters";
  eventKinds: string[] | null;
  offsetDays: number | null;
  localTime: string | null;
  cron: string | null;
  template: string;
  requiresApproval: boolean;
  options: RuleOptions;
}

/**
 * What a library wants from day one, seeded on first start: the calendar announces itself a week
 * ahead, reminds the day before and on the day, opens registrations, and rounds up new books.
 * Routine reminders go out by themselves; announcements wait for a person's approval.
 */
export const defaultRules: RuleDefinition[] = [
  {
    name: "Pengumuman acara, 7 hari sebelumnya",
    trigger: "event_offset",
    subject: "events",
    eventKinds: null,
    offsetDays: -7,
    localTime: "09:00",
    cron: null,
    template: "event-announcement",
    requiresApproval: true,
    options: { cancellationTemplate: "event-cancelled" },
  },
  {
    name: "Pengingat sehari sebelum acara",
    trigger: "event_offset",
    subject: "events",
    eventKinds: null,
    offsetDays: -1,
    localTime: "16:00",
    cron: null,
    template: "event-reminder",
    requiresApproval: false,
    options: {},
  },
  {
    name: "Acara hari ini",
    trigger: "event_offset",
    subject: "events",
    eventKinds: null,
    offsetDays: 0,
    localTime: "07:00",
    cron: null,
    template: "event-today",
    requiresApproval: false,
    options: {},
  },
  {
    name: "Pendaftaran sesi literasi dibuka",
    trigger: "event_offset",
    subject: "events",
    eventKinds: ["literacy_session"],
    offsetDays: -14,
    localTime: "10:00",
    cron: null,
    template: "registration-open",
    requiresApproval: true,
    options: { registrationRequiredOnly: true },
  },
  {
    name: "Buku baru minggu ini (Jumat 10.00)",
    trigger: "schedule",
    subject: "acquisitions",
    eventKinds: null,
    offsetDays: null,
    localTime: null,
    cron: "0 10 * * 5",
    template: "acquisitions-roundup",
    requiresApproval: false,
    options: {},
  },
  {
    name: "Koleksi pilihan",
    trigger: "event_offset",
    subject: "acquisitions",
    eventKinds: null,
    offsetDays: 0,
    localTime: "11:00",
    cron: null,
    template: "acquisition-featured",
    requiresApproval: true,
    options: { featuredOnly: true },
  },
  {
    // On the 20th the next month's issue is drafted from the calendar, for staff to approve.
    name: "Kabar bulanan (draf tanggal 20)",
    trigger: "schedule",
    subject: "newsletters",
    eventKinds: null,
    offsetDays: null,
    localTime: null,
    cron: "0 9 20 * *",
    template: "newsletter",
    requiresApproval: true,
    options: { cadence: "monthly" },
  },
];
