import type { Locale } from "../config.js";
import type { topics } from "../db/schema/enums.js";

export type Topic = (typeof topics)[number];

/** How each topic is called on pages and in emails. */
export const topicLabels: Record<Locale, Record<Topic, string>> = {
  id: {
    events: "Acara perpustakaan",
    literacy_sessions: "Kelas literasi",
    children: "Kegiatan anak",
    new_books: "Buku baru",
  },
  en: {
    events: "Library events",
    literacy_sessions: "Literacy sessions",
    children: "Children's activities",
    new_books: "New books",
  },
};

/**
 * The consent statements shown next to each choice. What a patron saw is stored word for word
 * with their consent (UU PDP No. 27/2022): change the text here and new records carry the new
 * text, old records keep what those patrons agreed to.
 */
export const consentWording = {
  subscribe: (locale: Locale, libraryName: string) =>
    locale === "id"
      ? `Saya ingin menerima kabar dari ${libraryName} melalui email tentang topik yang saya pilih. ` +
        "Perpustakaan hanya menyimpan alamat email, nama (bila saya isi), bahasa dan pilihan topik saya, " +
        "hanya untuk mengirim kabar ini, sesuai UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi. " +
        "Saya dapat mengubah pilihan, mengunduh data saya, berhenti berlangganan atau menghapus data saya " +
        "kapan saja melalui tautan di setiap email."
      : `I want to receive news from ${libraryName} by email about the topics I chose. ` +
        "The library keeps only my email address, name (if I gave one), language and topic choices, " +
        "only to send this news, as Indonesian Law No. 27 of 2022 on Personal Data Protection requires. " +
        "I can change my choices, download my data, unsubscribe or delete my data at any time " +
        "through the links in every email.",
  topics: (locale: Locale) =>
    locale === "id"
      ? "Kirimi saya kabar hanya tentang topik yang saya centang."
      : "Send me news only about the topics I ticked.",
  unsubscribe: (locale: Locale, libraryName: string) =>
    locale === "id"
      ? `Saya tidak ingin menerima kabar dari ${libraryName} lagi.`
      : `I no longer want to receive news from ${libraryName}.`,
};
