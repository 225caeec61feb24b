import type { Locale } from "../../config.js";

/** Every word the public pages show, in Bahasa Indonesia… */
const id = {
  switchTo: "English",
  subscribeTitle: "Berlangganan kabar perpustakaan",
  subscribeIntro:
    "Terima kabar acara, kelas literasi, kegiatan anak dan buku baru lewat email, dalam bahasa pilihan Anda. Kami tidak melacak kapan Anda membuka email atau tautan mana yang Anda klik.",
  email: "Alamat email",
  name: "Nama (tidak wajib)",
  language: "Bahasa email",
  languages: { id: "Bahasa Indonesia", en: "English" },
  topics: "Topik",
  consent: "Persetujuan",
  subscribe: "Berlangganan",
  fixErrors: "Periksa isian yang ditandai.",
  errors: {
    email: "Tulis alamat email yang benar, misalnya nama@contoh.id.",
    name: "Nama paling banyak 100 karakter, tanpa karakter kendali.",
    locale: "Pilih bahasa email.",
    topics: "Pilih paling sedikit satu topik.",
  },
  checkEmailTitle: "Periksa email Anda",
  checkEmail:
    "Kami mengirim email ke alamat yang Anda tulis. Buka tautan di dalamnya untuk menyelesaikan langganan (bila alamat ini sudah berlangganan, emailnya berisi tautan pengaturan). Tidak ada email? Periksa folder spam, atau kirim formulir lagi beberapa menit kemudian.",
  tooManyTitle: "Terlalu banyak percobaan",
  tooMany: "Formulir ini sudah dikirim terlalu sering. Coba lagi dalam beberapa menit.",
  tooLargeTitle: "Isian terlalu panjang",
  tooLarge: "Isian formulir terlalu panjang. Periksa lalu kirim lagi.",
  confirmTitle: "Konfirmasi langganan",
  confirmFor: "Langganan untuk",
  confirmButton: "Konfirmasi",
  confirmedTitle: "Langganan aktif",
  confirmed:
    "Terima kasih! Email selamat datang sedang dalam perjalanan. Anda dapat mengubah pilihan kapan saja lewat tautan di setiap email.",
  alreadyConfirmed: "Langganan ini sudah aktif. Tidak ada lagi yang perlu dilakukan.",
  staleConfirmTitle: "Tautan ini tidak berlaku lagi",
  staleConfirm:
    "Alamat ini sudah berhenti berlangganan. Untuk berlangganan lagi, isi formulir berlangganan.",
  notFoundTitle: "Tautan tidak ditemukan",
  notFound:
    "Tautan ini tidak kami kenal, atau langganannya sudah dihapus. Bila Anda menyalinnya dari email, pastikan tautannya lengkap.",
  toSubscribe: "Ke formulir berlangganan",
  preferencesTitle: "Pengaturan langganan",
  pendingNote: "Langganan ini belum dikonfirmasi: buka tautan di email konfirmasi.",
  unsubscribedNote:
    "Anda sudah berhenti berlangganan. Untuk berlangganan lagi, isi formulir berlangganan.",
  save: "Simpan",
  saved: "Pilihan Anda tersimpan.",
  yourData: "Data Anda",
  download: "Unduh data saya (JSON)",
  deleteMe: "Hapus data saya",
  unsubscribe: "Berhenti berlangganan",
  deleteTitle: "Hapus data Anda?",
  deleteBody:
    "Alamat email, nama, pilihan dan riwayat persetujuan Anda akan dihapus selamanya, dan Anda tidak akan menerima kabar lagi.",
  deleteButton: "Ya, hapus data saya",
  cancel: "Batal",
  deletedTitle: "Data Anda sudah dihapus",
  deleted: "Kami tidak lagi menyimpan apa pun tentang langganan Anda.",
  unsubscribeTitle: "Berhenti berlangganan",
  unsubscribedTitle: "Anda sudah berhenti berlangganan",
  unsubscribed:
    "Anda tidak akan menerima kabar lagi. Berubah pikiran? Anda dapat berlangganan lagi kapan saja.",
  errorTitle: "Maaf, terjadi kesalahan",
  error: "Ada masalah di pihak kami. Coba lagi sebentar lagi.",
};

export type Texts = typeof id;

/** …and in English, with the same keys. */
const en: Texts = {
  switchTo: "Bahasa Indonesia",
  subscribeTitle: "Subscribe to library news",
  subscribeIntro:
    "Get news of events, literacy sessions, children's activities and new books by email, in the language you choose. We do not track when you open an email or which links you click.",
  email: "Email address",
  name: "Name (optional)",
  language: "Email language",
  languages: { id: "Bahasa Indonesia", en: "English" },
  topics: "Topics",
  consent: "Consent",
  subscribe: "Subscribe",
  fixErrors: "Please check the marked fields.",
  errors: {
    email: "Write a valid email address, such as name@example.org.",
    name: "The name can be at most 100 characters, without control characters.",
    locale: "Choose the email language.",
    topics: "Choose at least one topic.",
  },
  checkEmailTitle: "Check your email",
  checkEmail:
    "We sent an email to the address you gave. Open the link in it to finish subscribing (if this address is already subscribed, the email has its settings links). No email? Look in your spam folder, or send the form again in a few minutes.",
  tooManyTitle: "Too many attempts",
  tooMany: "This form was sent too often. Please try again in a few minutes.",
  tooLargeTitle: "Too much text",
  tooLarge: "The form was too long. Please check it and send it again.",
  confirmTitle: "Confirm your subscription",
  confirmFor: "Subscription for",
  confirmButton: "Confirm",
  confirmedTitle: "Subscription active",
  confirmed:
    "Thank you! A welcome email is on its way. You can change your choices at any time through the links in every email.",
  alreadyConfirmed: "This subscription is already active. There is nothing more to do.",
  staleConfirmTitle: "This link is no longer valid",
  staleConfirm:
    "This address has unsubscribed. To subscribe again, please fill in the subscription form.",
  notFoundTitle: "Link not found",
  notFound:
    "We do not know this link, or its subscription has been deleted. If you copied it from an email, make sure the whole link was copied.",
  toSubscribe: "Go to the subscription form",
  preferencesTitle: "Subscription settings",
  pendingNote: "This subscription is not confirmed yet: open the link in the confirmation email.",
  unsubscribedNote:
    "You have unsubscribed. To subscribe again, please fill in the subscription form.",
  save: "Save",
  saved: "Your choices are saved.",
  yourData: "Your data",
  download: "Download my data (JSON)",
  deleteMe: "Delete my data",
  unsubscribe: "Unsubscribe",
  deleteTitle: "Delete your data?",
  deleteBody:
    "Your email address, name, choices and consent history will be deleted for good, and you will receive no more news.",
  deleteButton: "Yes, delete my data",
  cancel: "Cancel",
  deletedTitle: "Your data has been deleted",
  deleted: "We no longer keep anything about your subscription.",
  unsubscribeTitle: "Unsubscribe",
  unsubscribedTitle: "You have unsubscribed",
  unsubscribed:
    "You will receive no more news. Changed your mind? You can subscribe again at any time.",
  errorTitle: "Sorry, something went wrong",
  error: "There is a problem on our side. Please try again in a little while.",
};

export const texts: Record<Locale, Texts> = { id, en };
