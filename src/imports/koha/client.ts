import { FeedError } from "../../sources/errors.js";
import type { SafeFetch, SourceRow } from "../../sources/syncer.js";

/**
 * Koha's REST API as a syncer needs it: authenticated GETs of JSON. Basic authentication
 * (settings.username / settings.password; Koha's RESTBasicAuth preference) or OAuth2 client
 * credentials (settings.clientId / settings.clientSecret; RESTOAuth2ClientCredentials).
 */
export interface KohaClient {
  get(path: string, accept?: string): Promise<Response>;
  json(path: string, accept?: string): Promise<{ body: unknown; response: Response }>;
}

export async function kohaClient(source: SourceRow, fetch: SafeFetch): Promise<KohaClient> {
  if (!source.url)
    throw new FeedError("unusable", "A Koha source needs the URL of Koha's REST API");
  const base = source.url.replace(/\/+$/, "").replace(/\/api\/v1$/, "");
  const settings = source.settings as Record<string, unknown>;
  const authorization = await authorize(base, settings, fetch);
  const get = async (path: string, accept = "application/json") => {
    const url = path.startsWith("http") ? path : `${base}/api/v1${path}`;
    const response = await fetch(url, { headers: { accept, ...authorization } });
    if (response.status === 404) return response;
    if (!response.ok) {
      const kind = response.status >= 500 ? "unreachable" : "unusable";
      throw new FeedError(
        kind,
        `Koha answered HTTP ${response.status} for ${url}: ${await errorOf(response)}`,
      );
    }
    return response;
  };
  return {
    get,
    async json(path, accept) {
      const response = await get(path, accept);
      if (response.status === 404) return { response, body: null };
      try {
        return { response, body: await response.json() };
      } catch {
        throw new FeedError("unusable", `Koha's answer for ${path} is not JSON`);
      }
    },
  };
}

async function authorize(
  base: string,
  settings: Record<string, unknown>,
  fetch: SafeFetch,
): Promise<Record<string, string>> {
  const { username, password, clientId, clientSecret } = settings;
  if (typeof clientId === "string" && typeof clientSecret === "string") {
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
    }).toString();
    // The token endpoint takes a form POST; the safe fetcher passes method and body through.
    const init = {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body,
    };
    const response = await fetch(`${base}/api/v1/oauth/token`, init);
    if (!response.ok) {
      throw new FeedError(
        "unusable",
        `Koha refused the OAuth client credentials: HTTP ${response.status}`,
      );
    }
    const token = (await response.json()) as { access_token?: unknown };
    if (typeof token.access_token !== "string") {
      throw new FeedError("unusable", "Koha's OAuth answer has no access_token");
    }
    return { authorization: `Bearer ${token.access_token}` };
  }
  if (typeof username === "string" && typeof password === "string") {
    return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}` };
  }
  return {};
}

async function errorOf(response: Response): Promise<string> {
  const text = (await response.text()).slice(0, 500);
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    return typeof parsed.error === "string" ? parsed.error : text;
  } catch {
    return text;
  }
}

/** The URL of rel="next" in a Link header (Koha paginates with _page/_per_page and Link). */
export function nextLink(response: Response): string | null {
  const link = response.headers.get("link") ?? "";
  for (const part of link.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1]) return match[1];
  }
  return null;
}
