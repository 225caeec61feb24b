/**
 * Demo content for Warta: sample events and new acquisitions for
 * Perpustakaan Kota Manado (WITA / Asia/Makassar).
 *
 * Pure data. Event dates are relative (`dayOffset` days from "today" in the
 * library's time zone) so the demo always looks current.
 */

export type DemoEventKind =
  | "literacy_session"
  | "book_fair"
  | "author_talk"
  | "exhibition"
  | "workshop"
  | "cultural"
  | "other";

export type DemoAudience =
  | "all"
  | "children"
  | "teens"
  | "adults"
  | "families"
  | "seniors"
  | "educators";

export interface DemoEvent {
  kind: DemoEventKind;
  /** <= 120 chars */
  title: string;
  /** One sentence, <= 200 chars. */
  summary: string;
  /** 2-4 sentences. */
  description: string;
  /** Days from "today" in the library's time zone, 0..27. */
  dayOffset: number;
  /** "HH:MM", local WITA time. */
  startTime: string;
  durationMinutes: number;
  /** For exhibitions spanning whole days: startTime "00:00", durationMinutes a multiple of 1440. */
  allDay?: boolean;
  location: string;
  audience: DemoAudience;
  capacity?: number;
  /** "required" (register at the desk) or an https registration URL. */
  registration?: "required" | string;
  /** Lowercase, no '#'. */
  tags: string[];
  /** Only for kind "literacy_session". */
  facilitator?: string;
  /** Only for kind "literacy_session". */
  topic?: string;
  /** Only for kind "literacy_session". */
  targetGroup?: string;
}

export interface DemoAcquisition {
  /** 13 digits, no hyphens, valid ISBN-13 checksum. */
  isbn13: string;
  title: string;
  authors: string[];
  publisher: string;
  year: number;
  language: "id" | "en";
  subjects: string[];
  /** DDC style, e.g. "899.221 3 HIR l". */
  callNumber: string;
  /** 1-2 sentences in Bahasa Indonesia. */
  summary: string;
  /** 0..20 */
  acquiredDaysAgo: number;
  featured?: boolean;
}

export const demoEvents: DemoEvent[] = [
  {
    kind: "literacy_session",
    title: "Dongeng Pagi: Asal Mula Danau Tondano",
    summary:
      "Anak-anak diajak menyimak dongeng rakyat Minahasa tentang asal mula Danau Tondano, lalu menggambar tokoh favorit mereka.",
    description:
      "Pustakawan layanan anak akan membawakan cerita rakyat Asal Mula Danau Tondano dengan boneka tangan dan alat peraga sederhana. Setelah mendongeng, anak-anak diajak berdiskusi ringan tentang pesan cerita dan menggambar tokoh yang paling mereka sukai. Orang tua atau pendamping dipersilakan ikut menemani di dalam ruangan.",
    dayOffset: 1,
    startTime: "09:30",
    durationMinutes: 60,
    location: "Ruang Baca Anak",
    audience: "children",
    capacity: 30,
    tags: ["dongeng", "anak", "ceritarakyat", "minahasa", "tondano"],
    facilitator: "Pustakawan Layanan Anak Perpustakaan Kota Manado",
    topic: "Cerita rakyat Minahasa: asal mula Danau Tondano",
    targetGroup: "Anak usia 5–9 tahun beserta pendamping",
  },
  {
    kind: "literacy_session",
    title: "Kelas Literasi Digital Lansia: Cek Fakta Sebelum Berbagi",
    summary:
      "Kelas santai bagi warga lansia untuk belajar mengenali hoaks dan pesan berantai di WhatsApp sebelum meneruskannya ke keluarga.",
    description:
      "Peserta akan belajar ciri-ciri pesan hoaks, cara memeriksa kebenaran berita melalui situs cek fakta, serta pengaturan privasi dasar di ponsel. Kelas dibawakan perlahan dengan praktik langsung dan pendampingan satu per satu. Peserta diharapkan membawa ponsel pintar masing-masing yang baterainya sudah terisi.",
    dayOffset: 2,
    startTime: "10:00",
    durationMinutes: 90,
    location: "Pojok Literasi Digital",
    audience: "seniors",
    capacity: 20,
    registration: "required",
    tags: ["literasidigital", "lansia", "hoaks", "cekfakta"],
    facilitator: "Tim Literasi Digital Perpustakaan",
    topic: "Mengenali hoaks dan pesan berantai di WhatsApp",
    targetGroup: "Warga lanjut usia (60 tahun ke atas)",
  },
  {
    kind: "exhibition",
    title: "Pameran Foto Arsip: Manado Tempo Dulu",
    summary:
      "Pameran foto arsip yang menampilkan wajah Kota Manado dari masa ke masa, mulai dari pelabuhan lama hingga kawasan pusat kota.",
    description:
      "Puluhan foto lama dari koleksi arsip perpustakaan dan sumbangan warga dipamerkan selama tiga hari. Pengunjung dapat melihat suasana Pelabuhan Manado, pasar tradisional, dan jalan-jalan utama kota pada pertengahan abad ke-20. Warga yang menyimpan foto lama tentang Manado juga dapat meminjamkannya untuk didigitalkan oleh petugas.",
    dayOffset: 3,
    startTime: "00:00",
    durationMinutes: 4320,
    allDay: true,
    location: "Selasar Lantai 1",
    audience: "all",
    tags: ["pameran", "arsip", "sejarah", "manado", "fotolama"],
  },
  {
    kind: "workshop",
    title: "Lokakarya Menulis Cerpen Remaja: Dari Kampung ke Halaman Buku",
    summary:
      "Lokakarya menulis cerita pendek bagi remaja dengan bahan cerita dari kehidupan sehari-hari di lingkungan sendiri.",
    description:
      "Peserta akan belajar menemukan ide cerita dari pengalaman di rumah, sekolah, dan kampung, lalu mengembangkannya menjadi cerpen utuh. Materi meliputi membangun tokoh, menulis dialog, dan menyunting naskah sendiri. Cerpen terbaik akan dimuat dalam antologi digital perpustakaan.",
    dayOffset: 5,
    startTime: "13:00",
    durationMinutes: 180,
    location: "Aula Lantai 2",
    audience: "teens",
    capacity: 35,
    registration: "https://perpustakaan.manadokota.go.id/daftar/lokakarya-cerpen-remaja",
    tags: ["menulis", "cerpen", "remaja", "lokakarya"],
  },
  {
    kind: "literacy_session",
    title: "Klub Baca Remaja: Membedah Novel Laskar Pelangi",
    summary:
      "Klub baca remaja bulan ini membahas Laskar Pelangi dan mengaitkannya dengan pengalaman bersekolah di Manado.",
    description:
      "Peserta diajak berdiskusi tentang persahabatan, cita-cita, dan perjuangan pendidikan dalam novel karya Andrea Hirata ini. Diskusi dipandu relawan klub baca dengan pertanyaan pemantik dan permainan kuis singkat. Peserta yang belum memiliki bukunya dapat meminjam di meja sirkulasi.",
    dayOffset: 6,
    startTime: "15:30",
    durationMinutes: 90,
    location: "Ruang Diskusi Lantai 2",
    audience: "teens",
    capacity: 25,
    tags: ["klubbaca", "remaja", "novel", "laskarpelangi"],
    facilitator: "Relawan Klub Baca Remaja Perpustakaan",
    topic: "Persahabatan dan perjuangan pendidikan dalam novel Laskar Pelangi",
    targetGroup: "Pelajar SMP dan SMA",
  },
  {
    kind: "cultural",
    title: "Malam Kolintang dan Pembacaan Puisi",
    summary:
      "Malam apresiasi seni yang memadukan alunan kolintang khas Minahasa dengan pembacaan puisi oleh pelajar dan komunitas sastra Manado.",
    description:
      "Kelompok musik kolintang pelajar akan membawakan lagu daerah Sulawesi Utara, diselingi pembacaan puisi dari komunitas sastra kota. Pengunjung juga dapat mendaftar di tempat untuk membacakan puisi karya sendiri. Acara terbuka untuk umum dan tidak dipungut biaya.",
    dayOffset: 8,
    startTime: "18:30",
    durationMinutes: 120,
    location: "Halaman Depan Perpustakaan",
    audience: "all",
    tags: ["kolintang", "puisi", "budaya", "minahasa", "seni"],
  },
  {
    kind: "literacy_session",
    title: "Pelatihan Guru: Strategi Membaca Nyaring di Kelas",
    summary:
      "Pelatihan praktis bagi guru SD dan PAUD tentang teknik membaca nyaring untuk menumbuhkan minat baca siswa sejak dini.",
    description:
      "Guru akan mempraktikkan teknik membaca nyaring, memilih buku yang sesuai jenjang, dan memandu diskusi setelah membaca. Pelatihan juga membahas cara memanfaatkan koleksi perpustakaan kota dan layanan pinjam kolektif untuk sekolah. Peserta akan menerima sertifikat dan paket bahan ajar.",
    dayOffset: 9,
    startTime: "08:30",
    durationMinutes: 240,
    location: "Aula Lantai 2",
    audience: "educators",
    capacity: 40,
    registration: "https://perpustakaan.manadokota.go.id/daftar/pelatihan-guru-membaca-nyaring",
    tags: ["guru", "membacanyaring", "literasisekolah", "pelatihan"],
    facilitator:
      "Yohana Kaunang, M.Pd. (narasumber tamu) bersama Tim Literasi Sekolah Perpustakaan",
    topic: "Teknik membaca nyaring dan diskusi buku untuk kelas awal",
    targetGroup: "Guru SD/MI dan PAUD se-Kota Manado",
  },
  {
    kind: "literacy_session",
    title: "Membaca Bersama di Taman Baca Kawasan Boulevard",
    summary:
      "Sore membaca bersama keluarga di ruang terbuka tepi pantai, lengkap dengan permainan kata dan pinjam buku di tempat.",
    description:
      "Relawan taman baca menyiapkan tikar, rak buku keliling, dan beragam buku cerita untuk dibaca bersama. Anak-anak dan orang tua dapat mengikuti permainan kata serta sesi membaca berpasangan. Jika hujan, kegiatan dipindahkan ke Ruang Baca Anak di gedung perpustakaan.",
    dayOffset: 10,
    startTime: "16:00",
    durationMinutes: 90,
    location: "Taman Baca Kawasan Boulevard",
    audience: "families",
    tags: ["membacabersama", "keluarga", "tamanbaca", "boulevard"],
    facilitator: "Relawan Taman Baca Kawasan Boulevard",
    topic: "Membaca bersama dan permainan kata di ruang terbuka",
    targetGroup: "Keluarga dengan anak usia 4–12 tahun",
  },
  {
    kind: "author_talk",
    title: "Bincang Buku: Menulis Sejarah Kampung Sendiri",
    summary:
      "Penulis Jejak Kota Manado berbagi pengalaman menelusuri arsip, foto lama, dan cerita lisan untuk menulis sejarah kota.",
    description:
      "Johan Rondonuwu akan menceritakan proses riset bukunya, mulai dari menelusuri arsip kolonial hingga mewawancarai para tetua kampung. Sesi ini cocok bagi guru, mahasiswa, dan siapa saja yang ingin mendokumentasikan sejarah lingkungannya sendiri. Acara ditutup dengan tanya jawab dan sesi tanda tangan buku.",
    dayOffset: 12,
    startTime: "10:00",
    durationMinutes: 120,
    location: "Aula Lantai 2",
    audience: "adults",
    capacity: 80,
    registration: "required",
    tags: ["bincangbuku", "sejarah", "manado", "penulis"],
  },
  {
    kind: "book_fair",
    title: "Bazar Buku dan Tukar Buku Warga",
    summary:
      "Bazar buku murah dari penerbit dan toko buku lokal, ditambah lapak tukar buku bagi warga yang ingin berbagi bacaan.",
    description:
      "Penerbit dan toko buku dari Manado dan sekitarnya menghadirkan buku anak, novel, dan buku pelajaran dengan harga terjangkau. Warga dapat membawa buku layak baca untuk ditukar dengan buku lain di lapak tukar buku. Buku yang tersisa akan disalurkan ke taman baca di kelurahan.",
    dayOffset: 13,
    startTime: "09:00",
    durationMinutes: 480,
    location: "Halaman Perpustakaan dan Aula Lantai 2",
    audience: "all",
    tags: ["bazarbuku", "tukarbuku", "bukumurah", "keluarga"],
  },
  {
    kind: "literacy_session",
    title: "Literasi Digital UMKM: Memasarkan Produk Lokal secara Daring",
    summary:
      "Sesi praktik bagi pelaku UMKM untuk memotret produk, menata katalog daring, dan bertransaksi digital dengan aman.",
    description:
      "Peserta akan belajar memotret produk dengan ponsel, menyusun katalog di WhatsApp Business, dan mendaftarkan usaha di peta daring. Materi juga mencakup cara mengenali modus penipuan transaksi dan menjaga keamanan akun. Tempat terbatas karena setiap peserta mendapat pendampingan langsung.",
    dayOffset: 15,
    startTime: "13:30",
    durationMinutes: 120,
    location: "Pojok Literasi Digital",
    audience: "adults",
    capacity: 20,
    registration: "https://perpustakaan.manadokota.go.id/daftar/literasi-digital-umkm",
    tags: ["literasidigital", "umkm", "pemasarandaring", "ekonomikreatif"],
    facilitator: "Tim Literasi Digital Perpustakaan bersama relawan pendamping UMKM",
    topic: "Foto produk, katalog WhatsApp Business, dan keamanan transaksi daring",
    targetGroup: "Pelaku UMKM kuliner dan kerajinan di Kota Manado",
  },
  {
    kind: "workshop",
    title: "Lokakarya Merawat Buku dan Arsip Keluarga",
    summary:
      "Belajar cara sederhana menyimpan, membersihkan, dan memperbaiki buku, foto, serta dokumen keluarga agar awet di iklim tropis.",
    description:
      "Petugas pelestarian bahan pustaka akan memperagakan cara membersihkan jamur, memperbaiki sampul yang lepas, dan menyimpan foto lama dengan benar. Peserta juga belajar memindai dokumen penting dengan ponsel sebagai cadangan digital. Silakan membawa satu buku atau foto lama yang ingin diselamatkan.",
    dayOffset: 16,
    startTime: "09:30",
    durationMinutes: 150,
    location: "Aula Lantai 2",
    audience: "adults",
    capacity: 30,
    registration: "required",
    tags: ["pelestarian", "arsipkeluarga", "perawatanbuku", "lokakarya"],
  },
  {
    kind: "exhibition",
    title: "Pameran Karya Pelajar: Laut Kita, Bunaken Kita",
    summary:
      "Pameran gambar, poster, dan cerita pendek karya pelajar Manado tentang keindahan dan pelestarian Taman Laut Bunaken.",
    description:
      "Karya-karya ini lahir dari rangkaian kelas membaca dan menulis bertema laut yang diadakan perpustakaan bersama sekolah-sekolah di Manado. Pengunjung dapat melihat bagaimana anak-anak memandang terumbu karang, nelayan, dan sampah plastik di pesisir. Tersedia pula pojok buku bertema kelautan yang dapat langsung dipinjam.",
    dayOffset: 18,
    startTime: "09:00",
    durationMinutes: 420,
    location: "Selasar Lantai 1",
    audience: "families",
    tags: ["pameran", "bunaken", "laut", "pelajar", "lingkungan"],
  },
  {
    kind: "author_talk",
    title: "Temu Penulis Cerita Anak: Petualangan Kiki di Taman Laut Bunaken",
    summary:
      "Anak-anak bertemu langsung dengan penulis buku Petualangan Kiki di Taman Laut Bunaken dan mendengarkan ceritanya dibacakan.",
    description:
      "Stevani Lengkong akan membacakan petikan bukunya dan bercerita tentang cara ia menciptakan tokoh Kiki, si ikan badut yang penasaran. Anak-anak boleh bertanya apa saja tentang menulis dan menggambar buku cerita. Setiap peserta akan mendapat pembatas buku bergambar tokoh Kiki.",
    dayOffset: 19,
    startTime: "10:00",
    durationMinutes: 90,
    location: "Ruang Baca Anak",
    audience: "children",
    capacity: 40,
    registration: "required",
    tags: ["temupenulis", "bukuanak", "bunaken", "anak"],
  },
  {
    kind: "literacy_session",
    title: "Kelas Orang Tua: Membacakan Buku untuk Balita",
    summary:
      "Kelas bagi orang tua dan pengasuh tentang cara memilih buku dan membacakannya kepada anak usia dini di rumah.",
    description:
      "Peserta akan mengenal jenis buku yang cocok untuk bayi dan balita, mulai dari buku kain hingga buku bergambar tanpa teks. Fasilitator memperagakan cara membaca yang interaktif dengan suara, gerak, dan pertanyaan sederhana. Anak balita boleh dibawa, dan tersedia area bermain kecil di Ruang Baca Anak.",
    dayOffset: 20,
    startTime: "09:00",
    durationMinutes: 120,
    location: "Ruang Baca Anak",
    audience: "adults",
    capacity: 25,
    registration: "required",
    tags: ["orangtua", "balita", "literasidini", "membacanyaring"],
    facilitator: "Pustakawan Layanan Anak Perpustakaan Kota Manado",
    topic: "Memilih dan membacakan buku untuk anak usia 0–5 tahun",
    targetGroup: "Orang tua dan pengasuh anak usia dini",
  },
  {
    kind: "cultural",
    title: "Pentas Tari Maengket dan Cerita Rakyat Minahasa",
    summary:
      "Pertunjukan tari Maengket oleh sanggar pelajar, dilanjutkan kisah Toar dan Lumimuut yang dibawakan dengan iringan musik tradisional.",
    description:
      "Sanggar tari pelajar akan menampilkan Maengket, tarian syukur panen masyarakat Minahasa, lengkap dengan nyanyian dalam bahasa daerah. Setelah itu, pencerita dari komunitas budaya membawakan legenda Toar dan Lumimuut, leluhur orang Minahasa. Pengunjung dapat mengenal makna gerakan tari dalam sesi tanya jawab singkat.",
    dayOffset: 22,
    startTime: "15:00",
    durationMinutes: 120,
    location: "Aula Lantai 2",
    audience: "families",
    capacity: 150,
    tags: ["maengket", "tari", "minahasa", "budaya", "ceritarakyat"],
  },
  {
    kind: "other",
    title: "Perpustakaan Keliling di Kawasan Pantai Malalayang",
    summary:
      "Mobil perpustakaan keliling hadir di Pantai Malalayang dengan layanan pinjam buku, pendaftaran anggota, dan lapak baca anak.",
    description:
      "Warga dapat meminjam dan mengembalikan buku, mendaftar sebagai anggota baru dengan membawa KTP atau kartu pelajar, serta membaca di lapak baca yang disediakan. Petugas juga membantu warga memasang aplikasi perpustakaan digital di ponsel. Layanan ini gratis dan terbuka untuk semua usia.",
    dayOffset: 25,
    startTime: "08:00",
    durationMinutes: 240,
    location: "Kawasan Pantai Malalayang",
    audience: "all",
    tags: ["perpustakaankeliling", "malalayang", "anggotabaru", "layananmasyarakat"],
  },
];

export const demoAcquisitions: DemoAcquisition[] = [
  {
    isbn13: "9786024246945",
    title: "Laut Bercerita",
    authors: ["Leila S. Chudori"],
    publisher: "Kepustakaan Populer Gramedia",
    year: 2017,
    language: "id",
    subjects: ["Fiksi Indonesia", "Novel sejarah", "Reformasi 1998"],
    callNumber: "899.221 3 CHU l",
    summary:
      "Novel tentang Biru Laut dan kawan-kawan aktivis mahasiswa yang dihilangkan menjelang Reformasi 1998, serta keluarga yang terus menanti kepulangan mereka.",
    acquiredDaysAgo: 2,
    featured: true,
  },
  {
    isbn13: "9789793062792",
    title: "Laskar Pelangi",
    authors: ["Andrea Hirata"],
    publisher: "Bentang Pustaka",
    year: 2005,
    language: "id",
    subjects: ["Fiksi Indonesia", "Novel", "Pendidikan"],
    callNumber: "899.221 3 HIR l",
    summary:
      "Kisah sepuluh anak Belitong yang bersekolah di sebuah SD Muhammadiyah sederhana dan pantang menyerah mengejar mimpi. Eksemplar tambahan untuk klub baca remaja.",
    acquiredDaysAgo: 9,
  },
  {
    isbn13: "9789799731234",
    title: "Bumi Manusia",
    authors: ["Pramoedya Ananta Toer"],
    publisher: "Lentera Dipantara",
    year: 2005,
    language: "id",
    subjects: ["Fiksi Indonesia", "Novel sejarah", "Kolonialisme"],
    callNumber: "899.221 3 TOE b",
    summary:
      "Bagian pertama Tetralogi Buru yang mengisahkan Minke, pemuda pribumi terpelajar di akhir abad ke-19, dan pergulatannya melawan ketidakadilan kolonial.",
    acquiredDaysAgo: 14,
  },
  {
    isbn13: "9786234041156",
    title: "Rumah Panggung di Kaki Lokon",
    authors: ["Yohana Runtuwene"],
    publisher: "Penerbit Tepian Teluk",
    year: 2023,
    language: "id",
    subjects: ["Fiksi Indonesia", "Novel", "Saga keluarga"],
    callNumber: "899.221 3 RUN r",
    summary:
      "Saga tiga generasi keluarga petani bunga di Tomohon yang bertahan di rumah panggung warisan leluhur, dari masa sulit pascaperang hingga letusan Gunung Lokon.",
    acquiredDaysAgo: 6,
  },
  {
    isbn13: "9786234042276",
    title: "Angin Barat di Pulau Siau",
    authors: ["Frangky Lumintang"],
    publisher: "Pustaka Kawanua",
    year: 2022,
    language: "id",
    subjects: ["Puisi Indonesia", "Kumpulan puisi", "Kehidupan pesisir"],
    callNumber: "899.221 1 LUM a",
    summary:
      "Kumpulan puisi tentang laut, gunung api, dan keseharian warga kepulauan Sangihe dan Siau, ditulis dengan bahasa sederhana yang enak dibacakan.",
    acquiredDaysAgo: 17,
  },
  {
    isbn13: "9786234043389",
    title: "Langkah Kecil dari Pulau Talise",
    authors: ["Rivaldo Kaunang"],
    publisher: "Penerbit Nyiur Melambai",
    year: 2024,
    language: "id",
    subjects: ["Fiksi Indonesia", "Novel remaja", "Pendidikan"],
    callNumber: "899.221 3 KAU l",
    summary:
      "Novel remaja tentang Elia, anak nelayan dari Pulau Talise yang menyeberang ke Manado untuk bersekolah dan belajar bertahan di kota bersama sahabat-sahabat barunya.",
    acquiredDaysAgo: 11,
  },
  {
    isbn13: "9786234044461",
    title: "Misteri Kapal Karam di Selat Lembeh",
    authors: ["Dewi Tampi"],
    publisher: "Penerbit Tepian Teluk",
    year: 2024,
    language: "id",
    subjects: ["Fiksi Indonesia", "Novel", "Misteri"],
    callNumber: "899.221 3 TAM m",
    summary:
      "Seorang pemandu selam di Bitung menemukan petunjuk aneh di bangkai kapal karam Selat Lembeh dan terseret dalam pencarian muatan yang hilang puluhan tahun lalu.",
    acquiredDaysAgo: 4,
  },
  {
    isbn13: "9786234045529",
    title: "Kopi Pagi di Pasar Bersehati",
    authors: ["Christian Mokoginta"],
    publisher: "Pustaka Kawanua",
    year: 2023,
    language: "id",
    subjects: ["Fiksi Indonesia", "Kumpulan cerpen", "Kehidupan kota"],
    callNumber: "899.221 3 MOK k",
    summary:
      "Kumpulan cerita pendek tentang pedagang, buruh pelabuhan, dan pengunjung Pasar Bersehati yang kisahnya saling bersinggungan di sebuah kedai kopi.",
    acquiredDaysAgo: 8,
  },
  {
    isbn13: "9786234046618",
    title: "Nona Ola dan Kebun Bunga Oma",
    authors: ["Priscilla Wenas"],
    publisher: "Penerbit Nyiur Melambai",
    year: 2024,
    language: "id",
    subjects: ["Fiksi anak", "Cerita anak", "Keluarga"],
    callNumber: "899.221 3 WEN n",
    summary:
      "Ola, gadis kecil yang berlibur di rumah omanya di Tomohon, belajar merawat kebun bunga sambil mendengar cerita masa kecil sang oma yang jenaka dan hangat.",
    acquiredDaysAgo: 5,
  },
  {
    isbn13: "9786237061120",
    title: "Asal Mula Danau Tondano",
    authors: ["Lusiana Mandagi"],
    publisher: "Penerbit Nyiur Melambai",
    year: 2024,
    language: "id",
    subjects: ["Cerita rakyat", "Minahasa", "Buku bergambar anak"],
    callNumber: "398.209 598 4 MAN a",
    summary:
      "Buku bergambar yang menceritakan kembali legenda terbentuknya Danau Tondano dengan bahasa sederhana dan ilustrasi penuh warna. Cocok dibacakan untuk anak usia 5–9 tahun.",
    acquiredDaysAgo: 1,
    featured: true,
  },
  {
    isbn13: "9786237062189",
    title: "Petualangan Kiki di Taman Laut Bunaken",
    authors: ["Stevani Lengkong"],
    publisher: "Pustaka Kawanua",
    year: 2024,
    language: "id",
    subjects: ["Fiksi anak", "Kelautan", "Bunaken"],
    callNumber: "899.221 3 LEN p",
    summary:
      "Kiki, ikan badut yang penasaran, menjelajahi terumbu karang Bunaken dan belajar mengapa laut harus dijaga dari sampah plastik.",
    acquiredDaysAgo: 3,
  },
  {
    isbn13: "9786237063247",
    title: "Toar dan Lumimuut: Legenda Leluhur Minahasa",
    authors: ["Arnold Tangkudung"],
    publisher: "Penerbit Nyiur Melambai",
    year: 2023,
    language: "id",
    subjects: ["Cerita rakyat", "Minahasa", "Bacaan anak"],
    callNumber: "398.209 598 4 TAN t",
    summary:
      "Legenda Toar dan Lumimuut, leluhur orang Minahasa, disajikan sebagai bacaan anak lengkap dengan penjelasan singkat tentang asal-usul nama-nama tempat di Minahasa.",
    acquiredDaysAgo: 12,
  },
  {
    isbn13: "9786238110452",
    title: "Jejak Kota Manado: Dari Pelabuhan Rempah ke Kota Tepian Pantai",
    authors: ["Johan Rondonuwu"],
    publisher: "Pustaka Kawanua",
    year: 2024,
    language: "id",
    subjects: ["Sejarah lokal", "Manado", "Sulawesi Utara"],
    callNumber: "959.841 RON j",
    summary:
      "Menelusuri perkembangan Manado dari bandar persinggahan kapal rempah hingga menjadi ibu kota Provinsi Sulawesi Utara, dilengkapi foto dan peta lama.",
    acquiredDaysAgo: 7,
  },
  {
    isbn13: "9786238111510",
    title: "Waruga: Jejak Makam Batu Leluhur Minahasa",
    authors: ["Hendra Wowor"],
    publisher: "Penerbit Tepian Teluk",
    year: 2022,
    language: "id",
    subjects: ["Arkeologi", "Adat Minahasa", "Cagar budaya"],
    callNumber: "393.109 598 4 WOW w",
    summary:
      "Kajian populer tentang waruga, kubur batu tradisional Minahasa, mulai dari ragam ukiran, tradisi pemakaman, hingga upaya pelestariannya saat ini.",
    acquiredDaysAgo: 15,
  },
  {
    isbn13: "9786238112678",
    title: "Sam Ratulangi dan Filosofi Si Tou Timou Tumou Tou",
    authors: ["Novita Pangemanan"],
    publisher: "Pustaka Kawanua",
    year: 2023,
    language: "id",
    subjects: ["Biografi", "Tokoh nasional", "Sulawesi Utara"],
    callNumber: "923.259 8 PAN s",
    summary:
      "Biografi ringkas Dr. G.S.S.J. Ratulangi, pahlawan nasional asal Minahasa, beserta makna falsafah “manusia hidup untuk memanusiakan manusia lain” yang ia wariskan.",
    acquiredDaysAgo: 10,
  },
  {
    isbn13: "9786239041304",
    title: "Cerdas Bermedia Sosial: Panduan Menangkal Hoaks untuk Keluarga",
    authors: ["Ferdy Karamoy"],
    publisher: "Penerbit Tepian Teluk",
    year: 2024,
    language: "id",
    subjects: ["Literasi digital", "Media sosial", "Hoaks"],
    callNumber: "302.231 KAR c",
    summary:
      "Panduan praktis bagi orang tua, remaja, dan lansia untuk memeriksa kebenaran informasi, melindungi data pribadi, dan bermedia sosial dengan santun.",
    acquiredDaysAgo: 0,
  },
  {
    isbn13: "9786239042462",
    title: "Aman Bertransaksi Digital: Panduan untuk Lansia dan UMKM",
    authors: ["Rina Paat"],
    publisher: "Penerbit Nyiur Melambai",
    year: 2024,
    language: "id",
    subjects: ["Literasi digital", "Keamanan siber", "Keuangan digital"],
    callNumber: "005.8 PAA a",
    summary:
      "Penjelasan langkah demi langkah tentang dompet digital, mobile banking, dan cara mengenali modus penipuan daring yang sering menyasar lansia dan pelaku usaha kecil.",
    acquiredDaysAgo: 3,
  },
  {
    isbn13: "9786239043520",
    title: "Budi Daya Cengkih dan Pala di Tanah Minahasa",
    authors: ["Bernard Supit"],
    publisher: "Penerbit Tepian Teluk",
    year: 2022,
    language: "id",
    subjects: ["Pertanian", "Tanaman rempah", "Minahasa"],
    callNumber: "633.83 SUP b",
    summary:
      "Panduan bagi petani tentang pembibitan, perawatan, panen, dan pascapanen cengkih serta pala, disesuaikan dengan kondisi lahan di dataran tinggi Minahasa.",
    acquiredDaysAgo: 19,
  },
  {
    isbn13: "9786235560717",
    title: "Budi Daya Rumput Laut untuk Nelayan Pesisir",
    authors: ["Meilany Tumewu"],
    publisher: "Pustaka Kawanua",
    year: 2023,
    language: "id",
    subjects: ["Perikanan", "Budi daya laut", "Rumput laut"],
    callNumber: "639.89 TUM b",
    summary:
      "Buku praktis tentang pemilihan lokasi, metode tali panjang, perawatan, dan pengolahan hasil rumput laut sebagai sumber penghasilan tambahan keluarga nelayan.",
    acquiredDaysAgo: 13,
  },
  {
    isbn13: "9786235561875",
    title: "Dapur Manado: Resep Tinutuan, Cakalang Fufu, hingga Klappertaart",
    authors: ["Grace Wuisan"],
    publisher: "Penerbit Nyiur Melambai",
    year: 2024,
    language: "id",
    subjects: ["Masakan Manado", "Kuliner Sulawesi Utara", "Resep"],
    callNumber: "641.595 984 WUI d",
    summary:
      "Kumpulan resep masakan khas Manado, dari bubur tinutuan dan cakalang fufu rica-rica hingga klappertaart, lengkap dengan cerita di balik setiap hidangan.",
    acquiredDaysAgo: 1,
    featured: true,
  },
  {
    isbn13: "9786235562933",
    title: "Kue-Kue Tradisional Minahasa",
    authors: ["Deisy Mamuaja"],
    publisher: "Pustaka Kawanua",
    year: 2023,
    language: "id",
    subjects: ["Kue tradisional", "Kuliner Minahasa", "Resep"],
    callNumber: "641.865 MAM k",
    summary:
      "Resep kue tradisional Minahasa seperti panada, lalampa, dan kue cucur yang biasa hadir di acara keluarga dan pengucapan syukur.",
    acquiredDaysAgo: 16,
  },
  {
    isbn13: "9780735211292",
    title: "Atomic Habits",
    authors: ["James Clear"],
    publisher: "Avery",
    year: 2018,
    language: "en",
    subjects: ["Pengembangan diri", "Kebiasaan", "Psikologi"],
    callNumber: "158.1 CLE a",
    summary:
      "Buku berbahasa Inggris tentang cara membangun kebiasaan baik dan menghentikan kebiasaan buruk melalui perubahan kecil yang konsisten.",
    acquiredDaysAgo: 18,
  },
  {
    isbn13: "9780099590088",
    title: "Sapiens: A Brief History of Humankind",
    authors: ["Yuval Noah Harari"],
    publisher: "Vintage",
    year: 2015,
    language: "en",
    subjects: ["Sejarah dunia", "Antropologi", "Peradaban"],
    callNumber: "909 HAR s",
    summary:
      "Buku berbahasa Inggris yang menelusuri sejarah umat manusia, dari revolusi kognitif hingga revolusi ilmiah, dengan gaya yang mudah diikuti pembaca umum.",
    acquiredDaysAgo: 20,
  },
  {
    isbn13: "9780399226908",
    title: "The Very Hungry Caterpillar",
    authors: ["Eric Carle"],
    publisher: "Philomel Books",
    year: 1994,
    language: "en",
    subjects: ["Buku bergambar anak", "Bahasa Inggris untuk anak", "Berhitung"],
    callNumber: "813.54 CAR v",
    summary:
      "Buku bergambar klasik berbahasa Inggris tentang ulat kecil yang makan sepanjang minggu hingga berubah menjadi kupu-kupu, cocok untuk mengenalkan hari dan angka.",
    acquiredDaysAgo: 6,
  },
];
