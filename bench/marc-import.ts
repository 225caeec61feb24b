/**
 * npm run bench:marc: 100,000 realistic MARC 21 records (ISO 2709; 90% UTF-8, 10% MARC-8 with
 * diacritics; ISBNs, authors, imprint, subjects, DDC numbers, some summaries) written to a temp
 * file as a stream (by a child process, so the peak RSS printed is the import's alone), then
 * imported into a fresh database on the Postgres server with importAcquisitionsFile (good_rows),
 * as `npm run import` would. Prints seconds, records/s, this process's CPU seconds (the rest of
 * the wall time is Postgres, or other load on the machine) and its peak RSS; then the same file
 * again (everything unchanged) and the peak RSS over both. Targets (first import): under 60 s,
 * peak RSS under 300 MB.
 *
 * BENCH_DATABASE_URL: the server (default postgres://postgres@127.0.0.1:5432/postgres).
 * BENCH_MARC_RECORDS (default 100000).
 */

import { spawnSync } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isbn13CheckDigit } from "../src/acquisitions/isbn.js";
import { openPostgres } from "../src/db/client.js";
import { importAcquisitionsFile } from "../src/imports/file-import.js";
import type { Ctx } from "../src/shared/context.js";
import { fixed008 } from "../test/fixtures/imports/catalogue.js";
import { type FieldSpec, iso2709 } from "../test/fixtures/imports/marc-writer.js";
import { benchDeps } from "./support/outbox.js";
import { scratchDatabase } from "./support/server.js";

const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const count = Number(process.env.BENCH_MARC_RECORDS ?? 100_000);
const TARGET = { seconds: 60, rssMb: 300 };

const words = [
  "Sejarah",
  "Budaya",
  "Minahasa",
  "Laut",
  "Cerita",
  "Rakyat",
  "Manado",
  "Pendidikan",
  "Ekonomi",
  "Kuliner",
  "Sulawesi",
  "Pemuda",
  "Hutan",
  "Tarian",
  "Bahasa",
  "Puisi",
];
const names = [
  ["Toer", "Pramoedya Ananta"],
  ["Hirata", "Andrea"],
  ["Rondonuwu", "Johan"],
  ["Wenas", "Maria"],
  ["Lumi", "Ricky"],
  ["Tohari", "Ahmad"],
  ["Dini", "Nh."],
];
const publishers = [
  "Gramedia Pustaka Utama",
  "Bentang Pustaka",
  "Pustaka Kawanua",
  "Balai Pustaka",
  "Lentera Dipantara",
];
const subjects = [
  "Fiksi Indonesia",
  "Sejarah -- Sulawesi Utara",
  "Kebudayaan Minahasa",
  "Pendidikan",
  "Kuliner",
];
const pick = <T>(list: T[], n: number) => list[n % list.length] as T;

function record(n: number): Buffer {
  const core = `97860${String(n).padStart(7, "0")}`;
  const isbn = core + isbn13CheckDigit(core);
  const [surname, forenames] = pick(names, n);
  const marc8 = n % 10 === 0;
  const title = `${pick(words, n)} ${pick(words, n * 7 + 3)} ${pick(words, n * 13 + 5)} jilid ${n}`;
  const fields: FieldSpec[] = [
    { tag: "001", value: `BENCH${n}` },
    { tag: "008", value: fixed008("240115", String(1980 + (n % 45)), n % 5 === 0 ? "eng" : "ind") },
    { tag: "020", subfields: [["a", `${isbn} (pbk.)`]] },
    { tag: "082", ind1: "0", ind2: "4", subfields: [["a", `${900 + (n % 99)}.${n % 1000}`]] },
    { tag: "100", ind1: "1", subfields: [["a", `${surname}, ${forenames},`]] },
    {
      tag: "245",
      ind1: "1",
      ind2: "0",
      subfields: marc8
        ? [
            [
              "a",
              Buffer.concat([
                Buffer.from(`${title} : caf`, "latin1"),
                Buffer.from([0xe2]),
                Buffer.from("e /", "latin1"),
              ]),
            ],
          ]
        : [
            ["a", `${title} :`],
            ["b", "sebuah kajian /"],
          ],
    },
    {
      tag: "264",
      ind2: "1",
      subfields: [
        ["a", "Jakarta :"],
        ["b", `${pick(publishers, n)},`],
        ["c", `${1980 + (n % 45)}.`],
      ],
    },
    { tag: "650", ind2: "4", subfields: [["a", pick(subjects, n)]] },
    { tag: "650", ind2: "4", subfields: [["a", pick(subjects, n + 2)]] },
    ...(n % 3 === 0
      ? [
          {
            tag: "520",
            subfields: [["a", `Ringkasan buku nomor ${n}: ${title.repeat(3)}.`]],
          } as FieldSpec,
        ]
      : []),
    { tag: "541", subfields: [["d", `2024${String((n % 12) + 1).padStart(2, "0")}15`]] },
  ];
  return iso2709(fields, { coding: marc8 ? " " : "a" });
}

async function writeFile(file: string) {
  const out = createWriteStream(file);
  for (let n = 1; n <= count; n++) {
    if (!out.write(record(n))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

async function main() {
  const dir = await mkdtemp(path.join(tmpdir(), "warta-bench-marc-"));
  const file = path.join(dir, "catalogue.mrc");
  const database = await scratchDatabase(serverUrl, `warta_bench_marc_${process.pid}`);
  const open = openPostgres(database.url, 5);
  try {
    let started = performance.now();
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", fileURLToPath(import.meta.url), "--write", file],
      {
        stdio: "inherit",
      },
    );
    if (child.status !== 0) throw new Error("writing the MARC file failed");
    const size = (await stat(file)).size;
    console.log(
      `wrote ${count.toLocaleString("en-US")} records (${(size / 1024 / 1024).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    await open.migrate();
    const deps = benchDeps(open.db, database.url);
    const ctx: Ctx = {
      db: deps.db,
      clock: deps.clock,
      config: deps.config,
      templateFiles: deps.templateFiles,
      actor: { tokenId: null, name: "bench:marc", role: "admin" },
    };

    started = performance.now();
    const cpuBefore = process.cpuUsage();
    let last = 0;
    const summary = await importAcquisitionsFile(ctx, file, {
      mode: "good_rows",
      sourceName: "Bench",
      onProgress: (done) => {
        if (done - last >= 20_000) {
          last = done;
          process.stderr.write(`  ${done.toLocaleString("en-US")} written\n`);
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const rssMb = process.resourceUsage().maxRSS / 1024;
    console.log(
      `imported: created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejectedCount}`,
    );
    console.log(
      `seconds: ${seconds.toFixed(1)} (target < ${TARGET.seconds}) ${seconds < TARGET.seconds ? "ok" : "MISSED"}`,
    );
    console.log(`records/s: ${Math.round(count / seconds).toLocaleString("en-US")}`);
    console.log(
      `CPU of this process: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`,
    );
    console.log(
      `peak RSS: ${rssMb.toFixed(0)} MB (target < ${TARGET.rssMb}) ${rssMb < TARGET.rssMb ? "ok" : "MISSED"}`,
    );

    started = performance.now();
    const again = await importAcquisitionsFile(ctx, file, {
      mode: "good_rows",
      sourceName: "Bench",
    });
    const againSeconds = (performance.now() - started) / 1000;
    console.log(
      `the same file again: unchanged ${again.unchanged}, created ${again.created} in ${againSeconds.toFixed(1)} s (${Math.round(count / againSeconds).toLocaleString("en-US")} records/s); peak RSS over both ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    );
  } finally {
    await open.close();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--write" && process.argv[3]) await writeFile(process.argv[3]);
else await main();
