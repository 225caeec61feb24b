import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { TemplateFiles } from "./files.js";

/** Reads `*.hbs` below `root`; names are relative paths without the extension. */
export function nodeTemplateFiles(root: string): TemplateFiles {
  const base = path.resolve(root);
  return {
    async list() {
      const entries = await readdir(base, { recursive: true, withFileTypes: true });
      return entries
        .filter((entry) => entry.isFile() && entry.name.endsWith(".hbs"))
        .map((entry) => path.relative(base, path.join(entry.parentPath, entry.name)))
        .map((file) => file.slice(0, -".hbs".length).split(path.sep).join("/"))
        .sort();
    },
    async read(name) {
      const file = path.resolve(base, `${name}.hbs`);
      if (!file.startsWith(base + path.sep)) return null;
      try {
        return await readFile(file, "utf8");
      } catch {
        return null;
      }
    },
  };
}
