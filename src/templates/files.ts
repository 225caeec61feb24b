/** The templates shipped under templates/: read from disk on Node, bundled on Workers. */
export interface TemplateFiles {
  /** Names without extension, e.g. "posts/id/event-announcement". */
  list(): Promise<string[]>;
  read(name: string): Promise<string | null>;
}
