// Every word the setup page says, in Japanese and English (the customer's locale decides; any other locale gets
// English). Sentences take their variable parts as arguments so word order stays natural in each language.
export type Lang = 'ja' | 'en';

export interface Messages {
  title: (domain: string) => string;
  intro: string;
  ownershipNote: string;
  mailNote: string;
  recordsHeading: string;
  columns: { type: string; host: string; value: string; status: string };
  copy: string;
  copied: string;
  copyLabel: (what: string) => string;
  priority: (n: number) => string;
  state: { ok: string; partial: string; wrong: string; missing: string; unchecked: string; optional: string };
  foundOn: (type: string, servers: string) => string;
  notYetOn: (servers: string) => string;
  missingOn: (type: string, servers: string) => string;
  pointsAt: (server: string, type: string, found: string, expected: string) => string;
  otherValue: (server: string, type: string, found: string) => string;
  noAnswer: (server: string) => string;
  nameServers: (servers: string) => string;
  noNameServers: string;
  checkProblems: string;
  phase: { preparing: string; waiting: string; seen: string; activated: string; deadline: string; cancelled: string; ended: string };
  timesHeading: string;
  lastCheck: string;
  nextCheck: string;
  deadline: string;
  checks: (n: number) => string;
  never: string;
  checkNow: string;
  checkRequested: string;
  tooSoon: (seconds: number) => string;
  notWaiting: string;
  unavailable: string;
  autoRefresh: string;
  notValidTitle: string;
  notValid: string;
}

const en: Messages = {
  title: (domain) => `DNS setup for ${domain}`,
  intro: 'Publish these DNS records at the DNS service that hosts your domain. This page checks them by itself and turns green when they are found.',
  ownershipNote: 'Ownership: publish the TXT record or the CNAME record (either one is enough).',
  mailNote: 'Mail: publish every MX record.',
  recordsHeading: 'Records to publish',
  columns: { type: 'Type', host: 'Host', value: 'Value', status: 'Status' },
  copy: 'Copy',
  copied: 'Copied',
  copyLabel: (what) => `Copy ${what}`,
  priority: (n) => `priority ${n}`,
  state: { ok: 'Found', partial: 'Partly found', wrong: 'Wrong value', missing: 'Not found yet', unchecked: 'Not checked yet', optional: 'Not needed (the other ownership record is found)' },
  foundOn: (type, servers) => `${type} found on ${servers}`,
  notYetOn: (servers) => `not yet on ${servers}`,
  missingOn: (type, servers) => `${type} not found yet on ${servers}`,
  pointsAt: (server, _type, found, expected) => `On ${server} it points at ${found}, expected ${expected}`,
  otherValue: (server, type, found) => `On ${server} the ${type} record has ${found}, not the value above`,
  noAnswer: (server) => `${server} did not answer`,
  nameServers: (servers) => `Your domain's name servers are ${servers}: publish the records there.`,
  noNameServers: 'No name servers were found for your domain yet: check that it is registered and delegated.',
  checkProblems: 'The last check reported:',
  phase: {
    preparing: 'Preparing the records to publish…',
    waiting: 'Waiting for the records to appear.',
    seen: 'All records are found. Activation follows shortly.',
    activated: 'Activated: your domain is ready.',
    deadline: 'The waiting time has ended. Your partner will contact you.',
    cancelled: 'This setup was cancelled. Your partner will contact you.',
    ended: 'This setup has ended. Your partner will contact you.',
  },
  timesHeading: 'Checks',
  lastCheck: 'Last check',
  nextCheck: 'Next check',
  deadline: 'Deadline',
  checks: (n) => `${n} ${n === 1 ? 'check' : 'checks'} so far`,
  never: 'not yet',
  checkNow: 'Check now',
  checkRequested: 'Checking now. The result appears here in a moment.',
  tooSoon: (seconds) => `Please wait ${seconds} seconds before checking again.`,
  notWaiting: 'There is nothing left to check.',
  unavailable: 'The status cannot be read right now. Please try again in a minute.',
  autoRefresh: 'This page updates by itself.',
  notValidTitle: 'Link not valid',
  notValid: 'This link is not valid. Please ask your partner for a new link.',
};

const ja: Messages = {
  title: (domain) => `${domain} の DNS 設定`,
  intro: 'ドメインを管理している DNS サービスに、次の DNS レコードを登録してください。このページは自動で確認し、見つかると緑色になります。',
  ownershipNote: '所有権の確認: TXT レコードか CNAME レコードのどちらか一方を登録してください。',
  mailNote: 'メール: すべての MX レコードを登録してください。',
  recordsHeading: '登録するレコード',
  columns: { type: '種類', host: 'ホスト', value: '値', status: '状態' },
  copy: 'コピー',
  copied: 'コピーしました',
  copyLabel: (what) => `${what} をコピー`,
  priority: (n) => `優先度 ${n}`,
  state: { ok: '確認済み', partial: '一部で確認', wrong: '値が違います', missing: 'まだ見つかりません', unchecked: '未確認', optional: '不要 (もう一方の所有権レコードを確認済み)' },
  foundOn: (type, servers) => `${servers} で ${type} を確認`,
  notYetOn: (servers) => `${servers} ではまだ見つかりません`,
  missingOn: (type, servers) => `${servers} では ${type} がまだ見つかりません`,
  pointsAt: (server, _type, found, expected) => `${server} では ${found} を指しています (正しくは ${expected})`,
  otherValue: (server, type, found) => `${server} の ${type} レコードは ${found} で、上の値と違います`,
  noAnswer: (server) => `${server} から応答がありません`,
  nameServers: (servers) => `このドメインのネームサーバーは ${servers} です。ここにレコードを登録してください。`,
  noNameServers: 'このドメインのネームサーバーがまだ見つかりません。ドメインの登録と委任を確認してください。',
  checkProblems: '前回の確認で次の問題がありました:',
  phase: {
    preparing: '登録するレコードを準備しています…',
    waiting: 'レコードが見つかるのを待っています。',
    seen: 'すべてのレコードを確認しました。まもなく有効化されます。',
    activated: '有効化されました。ドメインの準備ができました。',
    deadline: '待機期限を過ぎました。パートナーからご連絡します。',
    cancelled: 'この設定は取り消されました。パートナーからご連絡します。',
    ended: 'この設定は終了しました。パートナーからご連絡します。',
  },
  timesHeading: '確認',
  lastCheck: '前回の確認',
  nextCheck: '次回の確認',
  deadline: '期限',
  checks: (n) => `これまでの確認: ${n} 回`,
  never: 'まだありません',
  checkNow: '今すぐ確認',
  checkRequested: '確認しています。まもなく結果が表示されます。',
  tooSoon: (seconds) => `${seconds} 秒待ってから、もう一度確認してください。`,
  notWaiting: '確認することはもうありません。',
  unavailable: '現在、状態を読み込めません。1 分ほどしてからもう一度お試しください。',
  autoRefresh: 'このページは自動で更新されます。',
  notValidTitle: 'リンクが無効です',
  notValid: 'このリンクは無効です。パートナーに新しいリンクをお求めください。',
};

export const MESSAGES: Record<Lang, Messages> = { ja, en };

/** The customer's locale (ja_JP, en_US, …) when the workflow knows it, else the browser's Accept-Language. */
export function pageLang(locale: string | undefined, acceptLanguage: string | undefined): Lang {
  if (locale) return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  const first = ranked.find((entry) => entry.tag.startsWith('ja') || entry.tag.startsWith('en'));
  return first?.tag.startsWith('ja') ? 'ja' : 'en';
}

/** Times as the reader's language writes them, in UTC with the zone named (the page does not know the reader's zone). */
export function formatTime(iso: string | undefined, lang: Lang, never: string): string {
  if (!iso) return never;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return never;
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }).format(date) + ' UTC';
}
