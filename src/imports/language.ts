/**
 * Catalogues name languages three ways: MARC's ISO 639-2 codes (ind, eng, fre), ISO 639-1 codes
 * (id, en) and, in SLiMS, names (Indonesia, English). Warta stores what its API stores for staff:
 * the two-letter ISO 639-1 code when the language has one, else the three-letter code, so a list
 * filtered by "id" finds books imported from MARC (ind) and from SLiMS (Indonesia) alike.
 */

// ISO 639-1 code, then its ISO 639-2 codes (bibliographic first when MARC uses a different one).
const CODES = `aa aar|ab abk|af afr|ak aka|am amh|ar ara|an arg|as asm|av ava|ae ave|ay aym|az aze|
ba bak|bm bam|be bel|bn ben|bi bis|bo tib bod|bs bos|br bre|bg bul|ca cat|cs cze ces|ch cha|ce che|
cu chu|cv chv|kw cor|co cos|cr cre|cy wel cym|da dan|de ger deu|dv div|dz dzo|el gre ell|en eng|
eo epo|et est|eu baq eus|ee ewe|fo fao|fa per fas|fj fij|fi fin|fr fre fra|fy fry|ff ful|gd gla|
ga gle|gl glg|gv glv|gn grn|gu guj|ht hat|ha hau|he heb|hz her|hi hin|ho hmo|hr hrv scr|hu hun|
hy arm hye|ig ibo|io ido|ii iii|iu iku|ie ile|ia ina|id ind|ik ipk|is ice isl|it ita|jv jav|ja jpn|
kl kal|kn kan|ks kas|ka geo kat|kr kau|kk kaz|km khm|ki kik|rw kin|ky kir|kv kom|kg kon|ko kor|
kj kua|ku kur|lo lao|la lat|lv lav|li lim|ln lin|lt lit|lb ltz|lu lub|lg lug|mh mah|ml mal|mr mar|
mk mac mkd|mg mlg|mt mlt|mn mon|mi mao mri|ms may msa|my bur mya|na nau|nv nav|nr nbl|nd nde|
ng ndo|ne nep|nl dut nld|nn nno|nb nob|no nor|ny nya|oc oci|oj oji|or ori|om orm|os oss|pa pan|
pi pli|pl pol|pt por|ps pus|qu que|rm roh|ro rum ron mol|rn run|ru rus|sg sag|sa san|si sin|
sk slo slk|sl slv|se sme|sm smo|sn sna|sd snd|so som|st sot|es spa|sq alb sqi|sc srd|sr srp scc|
ss ssw|su sun|sw swa|sv swe|ty tah|ta tam|tt tat|te tel|tg tgk|tl tgl tag|th tha|ti tir|to ton|
tn tsn|ts tso|tk tuk|tr tur|tw twi|ug uig|uk ukr|ur urd|uz uzb|ve ven|vi vie|vo vol|wa wln|wo wol|
xh xho|yi yid|yo yor|za zha|zh chi zho|zu zul`;

// Names as catalogues write them, in Indonesian and English (SLiMS ships "Indonesia" and "English").
const NAMES: Record<string, string> = {
  indonesia: "id",
  "bahasa indonesia": "id",
  indonesian: "id",
  inggris: "en",
  "bahasa inggris": "en",
  english: "en",
  jawa: "jv",
  "bahasa jawa": "jv",
  javanese: "jv",
  sunda: "su",
  "bahasa sunda": "su",
  sundanese: "su",
  melayu: "ms",
  "bahasa melayu": "ms",
  malay: "ms",
  arab: "ar",
  "bahasa arab": "ar",
  arabic: "ar",
  belanda: "nl",
  "bahasa belanda": "nl",
  dutch: "nl",
  jerman: "de",
  german: "de",
  perancis: "fr",
  prancis: "fr",
  french: "fr",
  jepang: "ja",
  japanese: "ja",
  mandarin: "zh",
  cina: "zh",
  tionghoa: "zh",
  chinese: "zh",
  korea: "ko",
  korean: "ko",
  spanyol: "es",
  spanish: "es",
  portugis: "pt",
  portuguese: "pt",
  italia: "it",
  italian: "it",
  rusia: "ru",
  russian: "ru",
  latin: "la",
};

const toIso1 = new Map<string, string>();
for (const entry of CODES.replace(/\s*\n\s*/g, "").split("|")) {
  const [iso1, ...iso2] = entry.trim().split(" ");
  if (!iso1) continue;
  toIso1.set(iso1, iso1);
  for (const code of iso2) toIso1.set(code, iso1);
}
// Retired ISO 639-1 codes still found in old records: in (Indonesian), iw, ji.
toIso1.set("in", "id").set("iw", "he").set("ji", "yi");

/** MARC's "no language" codes: undetermined, multiple, no linguistic content, fill characters. */
const NO_LANGUAGE = new Set(["und", "mul", "zxx", "mis", "|||", "xxx"]);

/** A language as Warta stores it (see the top of this file), or null when it says nothing usable. */
export function normalizeLanguage(input: string | null | undefined): string | null {
  const value = input?.trim().toLowerCase().replace(/\s+/g, " ") ?? "";
  if (!value || NO_LANGUAGE.has(value)) return null;
  const known = toIso1.get(value) ?? NAMES[value];
  if (known) return known;
  return /^[a-z]{3}$/.test(value) ? value : null;
}
