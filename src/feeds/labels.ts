import type { Locale } from "../config.js";

/** The few words the feeds add to what staff wrote, in the library's language. */
export interface FeedLabels {
  eventsTitle: (library: string) => string;
  eventsDescription: (library: string) => string;
  acquisitionsTitle: (library: string) => string;
  acquisitionsDescription: (library: string) => string;
  cancelled: string;
  postponed: string;
  registrationRequired: string;
  registerAt: string;
  subjects: string;
  callNumber: string;
}

const labels: Record<Locale, FeedLabels> = {
  id: {
    eventsTitle: (library) => `${library} — Acara`,
    eventsDescription: (library) => `Acara, sesi literasi dan kegiatan di ${library}`,
    acquisitionsTitle: (library) => `${library} — Buku Baru`,
    acquisitionsDescription: (library) => `Koleksi yang baru tiba di ${library}`,
    cancelled: "Dibatalkan",
    postponed: "Ditunda",
    registrationRequired: "Pendaftaran wajib.",
    registerAt: "Daftar di",
    subjects: "Subjek",
    callNumber: "Nomor panggil",
  },
  en: {
    eventsTitle: (library) => `${library} — Events`,
    eventsDescription: (library) => `Events, literacy sessions and activities at ${library}`,
    acquisitionsTitle: (library) => `${library} — New Books`,
    acquisitionsDescription: (library) => `New arrivals at ${library}`,
    cancelled: "Cancelled",
    postponed: "Postponed",
    registrationRequired: "Registration required.",
    registerAt: "Register at",
    subjects: "Subjects",
    callNumber: "Call number",
  },
};

export const labelsFor = (locale: Locale): FeedLabels => labels[locale];
