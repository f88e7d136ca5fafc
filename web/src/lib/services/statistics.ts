import type { Role, StatisticsDashboardQuery } from '../graphql/generated.js';
import { INTL_LOCALES, type MessageKey } from '../i18n/index.js';
import { locale } from '../i18n/locale.svelte.js';
import { formatNumber, todayInFinland } from './labels.js';

/** One statistics cell as the API gives it: R27 hides a small cell (`suppressed`, value null) rather than showing it. */
export interface Figure {
  value: number | null;
  suppressed: boolean;
}

/** What a chart draws and the table beside it lists: rows are categories (months, fields…), columns the series. */
export interface FigureTable {
  title: string;
  /** Header of the category column ("Month", "Field"…). */
  rowHeader: string;
  columns: string[];
  /** `short`: the label on a chart's axis when the table's is long ("tammi" for "tammikuu 2026"). */
  rows: { key: string; label: string; short?: string; cells: Figure[] }[];
  /** A total under the rows (tables only: the chart shows the rows). */
  total?: Figure[];
}

/** Roles that have a statistics dashboard (issue 10); the header links to it for them. */
export const STATISTICS_ROLES: readonly Role[] = ['NATIONAL_ADMIN', 'REGION_ADMIN', 'ANALYST', 'DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT', 'CULTURE_OFFICER'];

export function hasStatistics(role: Role | null | undefined): boolean {
  return Boolean(role && STATISTICS_ROLES.includes(role));
}

/** R27: "<5" for a suppressed small cell, "–" for no figure at all; a number in the language's digit grouping otherwise. */
export function formatFigure(cell: Figure | null | undefined): string {
  if (!cell || (cell.value === null && !cell.suppressed)) return '–';
  if (cell.suppressed) return '<5';
  return formatNumber(cell.value ?? 0);
}

/** The dashboard's period: a whole year or one month of it (Finnish days). */
export interface PeriodChoice {
  year: number;
  /** 1–12, or null for the whole year. */
  month: number | null;
}

export function currentPeriod(today: string = todayInFinland()): PeriodChoice {
  return { year: Number(today.slice(0, 4)), month: null };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The first and last day (YYYY-MM-DD, both included) of a period. */
export function periodDays(period: PeriodChoice): { from: string; to: string } {
  if (period.month === null) return { from: `${period.year}-01-01`, to: `${period.year}-12-31` };
  const last = new Date(Date.UTC(period.year, period.month, 0)).getUTCDate();
  return { from: `${period.year}-${pad(period.month)}-01`, to: `${period.year}-${pad(period.month)}-${pad(last)}` };
}

/** "tammikuu 2026" / "januari 2026" / "January 2026", or the month alone ("tammi") for a chart's axis. */
export function monthLabel(yearMonth: string, short = false): string {
  const [year, month] = yearMonth.split('-').map(Number);
  const date = new Date(Date.UTC(year ?? 2000, (month ?? 1) - 1, 1));
  return new Intl.DateTimeFormat(INTL_LOCALES[locale.current], short ? { month: 'short', timeZone: 'UTC' } : { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** Every month (YYYY-MM) of a year, or every day (YYYY-MM-DD) of a month: a time series has a row for each, zero or not. */
export function timeKeys(period: PeriodChoice): string[] {
  if (period.month === null) return Array.from({ length: 12 }, (_, i) => `${period.year}-${pad(i + 1)}`);
  const { to } = periodDays(period);
  const days = Number(to.slice(8));
  return Array.from({ length: days }, (_, i) => `${period.year}-${pad(period.month ?? 1)}-${pad(i + 1)}`);
}

/** A published step's time: "14.15" (Finnish time) on the day it is from, with the date on any other day. */
export function stepTime(iso: string, now: Date = new Date()): string {
  const tag = INTL_LOCALES[locale.current];
  const zone = { timeZone: 'Europe/Helsinki' } as const;
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', zone).format(d);
  const at = new Date(iso);
  if (day(at) !== day(now)) return new Intl.DateTimeFormat(tag, { ...zone, dateStyle: 'medium', timeStyle: 'short' }).format(at);
  return new Intl.DateTimeFormat(tag, { ...zone, hour: '2-digit', minute: '2-digit' }).format(at);
}

/** A day as its number in the month ("14."), for a month's daily axis. */
export function dayLabel(day: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[locale.current], { day: 'numeric', month: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** A yearly report as the API sends it. */
export interface ReportFile {
  filename: string;
  mimeType: string;
  base64: string;
}

/** Decodes a report's base64 into bytes (no network, no eval: works under the app's CSP). */
export function reportBlob(file: ReportFile): Blob {
  const binary = atob(file.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: file.mimeType });
}

/** Saves a report with its own filename: a blob URL clicked through a temporary link, released afterwards. */
export function saveReport(file: ReportFile): void {
  const url = URL.createObjectURL(reportBlob(file));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * R24: runs `refresh` after live events, at most once per `interval` ms (the last event in a burst always leads to
 * one more refresh, so the figures end up current). Returns the trigger and a stop function.
 */
export function throttled(refresh: () => void, interval = 1000): { trigger: () => void; stop: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = 0;
  let pending = false;
  const run = () => {
    timer = undefined;
    pending = false;
    last = Date.now();
    refresh();
  };
  return {
    trigger: () => {
      if (pending) return;
      pending = true;
      timer = setTimeout(run, Math.max(0, last + interval - Date.now()));
    },
    stop: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** One chart with its table. */
export interface DashboardSection {
  id: string;
  table: FigureTable;
  kind: 'line' | 'bar';
  horizontal?: boolean;
  intro?: string;
  /** For a background distribution: its dimension (BIRTH_DECADE…). */
  dimension?: string;
}

/** What the dashboard shows, whatever query it came from. */
export interface Dashboard {
  headline: { key: string; label: string; cell: Figure }[];
  sections: DashboardSection[];
  /** R25: one distribution at a time (the page picks it); empty where the scope has none (providers, ticket agents). */
  background: DashboardSection[];
  /** R27: the figures are rounded for this person (published national figures). */
  rounded: boolean;
  updatedAt: string | null;
  /** R27 (decision 0019): the published step suppressed figures are as of; null when they are live (a provider's own). */
  publishedAt: string | null;
}

const exact = (value: number): Figure => ({ value, suppressed: false });

/** The national headline figures alone (nationalSummary), as a dashboard. */
export function summaryDashboard(summary: { cardsRegistered: number; cardsUsed: number; uses: number; updatedAt?: string | null; roundedDownTo: number }): Dashboard {
  const headline = [
    { key: 'cardsRegistered', label: locale.t('stats.cardsRegistered'), cell: exact(summary.cardsRegistered) },
    { key: 'cardsUsed', label: locale.t('stats.cardsUsed'), cell: exact(summary.cardsUsed) },
    { key: 'uses', label: locale.t('stats.uses'), cell: exact(summary.uses) },
  ];
  return {
    headline,
    sections: [
      {
        id: 'headline',
        kind: 'bar',
        table: { title: locale.t('stats.headline'), rowHeader: locale.t('stats.band'), columns: [locale.t('stats.scopeNation')], rows: headline.map((h) => ({ key: h.key, label: h.label, cells: [h.cell] })) },
      },
    ],
    background: [],
    rounded: summary.roundedDownTo > 1,
    updatedAt: summary.updatedAt ?? null,
    publishedAt: null,
  };
}

type Statistics = StatisticsDashboardQuery['statistics'];
type Usage = NonNullable<Statistics['byField'][number]['usage']>;
const ZERO: Figure = { value: 0, suppressed: false };
/** A figure the API did not give (null): shown as "–", never as 0. */
const NONE: Figure = { value: null, suppressed: false };

/** A label from the catalogue when it has one ("venue.THEATRE"), the key itself otherwise (a new band). */
function labelOf(prefix: string, key: string): string {
  const id = `${prefix}.${key}`;
  const text = locale.t(id as MessageKey);
  return text === id ? key : text;
}

const BACKGROUND: { id: 'birthDecade' | 'motherTongue' | 'gender' | 'postalArea' | 'lifeSituation' | 'children'; dimension: string; label: (key: string) => string }[] = [
  { id: 'birthDecade', dimension: 'BIRTH_DECADE', label: (key) => (/^\d{4}$/.test(key) ? locale.t('stats.decade', { decade: key }) : key) },
  { id: 'motherTongue', dimension: 'MOTHER_TONGUE', label: (key) => labelOf('tongue', key) },
  { id: 'gender', dimension: 'GENDER', label: (key) => labelOf('gender', key) },
  { id: 'lifeSituation', dimension: 'LIFE_SITUATION', label: (key) => labelOf('life', key) },
  { id: 'children', dimension: 'CHILDREN', label: (key) => (key === '3_OR_MORE' ? locale.t('stats.children3') : key) },
  { id: 'postalArea', dimension: 'POSTAL_AREA', label: (key) => key },
];
const FIELDS = ['CULTURE', 'EDUCATION', 'SCIENCE', 'SPORT'];

/**
 * The dashboard of `statistics` for a year (by month) or a month (by day). Every month or day of the period has a
 * row (none in the answer: no use, 0); the four fields always show (R25); a suppressed cell stays suppressed (R27).
 */
export function statisticsDashboard(statistics: Statistics, period: PeriodChoice, municipalities: number | null = null, providerNames: ReadonlyMap<string, string> = new Map()): Dashboard {
  const usage = statistics.usage;
  const headline = [
    { key: 'uses', label: locale.t('stats.uses'), cell: usage.uses },
    { key: 'childTickets', label: locale.t('stats.childTickets'), cell: usage.childTickets },
    ...(usage.distinctCards ? [{ key: 'cardsUsed', label: locale.t('stats.cardsUsed'), cell: usage.distinctCards }] : []),
    ...(statistics.cards ? [{ key: 'cardsGranted', label: locale.t('stats.cardsGranted'), cell: statistics.cards.granted }] : []),
    // A count of municipalities, not of people: never suppressed (R25).
    ...(municipalities !== null ? [{ key: 'municipalities', label: locale.t('stats.municipalities'), cell: { value: municipalities, suppressed: false } }] : []),
  ];
  const daily = period.month !== null;
  const time = new Map((daily ? (statistics.byDay ?? []) : (statistics.byMonth ?? [])).map((row) => [row.key, row.usage]));
  // Suppressed days are published for the nation and regions only (decision 0017): elsewhere a day has no figure ("–"), not 0.
  const noDays = daily && statistics.suppressionApplied && statistics.scopeKind !== 'NATION' && statistics.scopeKind !== 'REGION';
  const usageColumns = (u: Usage | null | undefined): Figure[] => (u ? [u.uses, u.childTickets] : noDays ? [NONE, NONE] : [ZERO, ZERO]);
  // A culture officer's municipality (decision 0022): a row of the region's tables, with its providers' rows; the
  // region's fields and venue types are not the municipality's, so they are not shown.
  const municipal = statistics.scopeKind === 'MUNICIPALITY';
  const fields = new Map(statistics.byField.map((row) => [row.key, row.usage]));
  const sections: DashboardSection[] = [
    {
      id: 'time',
      kind: 'line',
      table: {
        title: locale.t(daily ? 'stats.usesByDay' : 'stats.usesByMonth'),
        rowHeader: locale.t(daily ? 'stats.dayHeader' : 'stats.monthHeader'),
        columns: [locale.t('stats.uses'), locale.t('stats.childTickets')],
        rows: timeKeys(period).map((key) => ({ key, label: daily ? dayLabel(key) : monthLabel(key), short: daily ? String(Number(key.slice(8))) : monthLabel(key, true), cells: usageColumns(time.get(key)) })),
      },
    },
    ...(municipal ? [providerSection(statistics.byProvider ?? [], providerNames)] : []),
  ];
  if (!municipal) sections.push(
    {
      id: 'field',
      kind: 'bar',
      table: {
        title: locale.t('stats.byField'),
        rowHeader: locale.t('stats.fieldHeader'),
        columns: [locale.t('stats.adultTickets'), locale.t('stats.childTickets')],
        rows: [...new Set([...FIELDS, ...fields.keys()])].map((key) => {
          const u = fields.get(key);
          return { key, label: labelOf('field', key), cells: u ? [u.adultTickets, u.childTickets] : [ZERO, ZERO] };
        }),
      },
    },
    {
      id: 'venue',
      kind: 'bar',
      horizontal: true,
      table: {
        title: locale.t('stats.byVenueType'),
        rowHeader: locale.t('stats.venueHeader'),
        columns: [locale.t('stats.uses')],
        rows: statistics.byVenueType.map((row) => ({ key: row.key, label: labelOf('venue', row.key), cells: [row.usage?.uses ?? NONE] })),
      },
    },
  );
  const background = BACKGROUND.filter((b) => statistics[b.id].length > 0).map((b): DashboardSection => {
    const total = statistics[b.id].find((row) => row.key === 'TOTAL');
    return {
      id: 'background',
      dimension: b.dimension,
      kind: 'bar',
      horizontal: true,
      intro: locale.t('stats.backgroundIntro'),
      table: {
        title: locale.t(`stats.bg.${b.dimension}` as MessageKey),
        rowHeader: locale.t('stats.band'),
        columns: [locale.t('stats.cards')],
        rows: statistics[b.id].filter((row) => row.key !== 'TOTAL').map((row) => ({ key: row.key, label: b.label(row.key), cells: [row.cards] })),
        ...(total ? { total: [total.cards] } : {}),
      },
    };
  });
  return { headline, sections, background, rounded: false, updatedAt: null, publishedAt: statistics.publishedAt ?? null };
}

/** The uses of a municipality's providers (rows of the region's table), by name where known, in name order. */
function providerSection(rows: readonly { key: string; usage?: Usage | null }[], names: ReadonlyMap<string, string>): DashboardSection {
  return {
    id: 'provider',
    kind: 'bar',
    horizontal: true,
    table: {
      title: locale.t('stats.byProvider'),
      rowHeader: locale.t('stats.providerHeader'),
      columns: [locale.t('stats.uses'), locale.t('stats.childTickets')],
      rows: rows
        .map((row) => ({ key: row.key, label: names.get(row.key) ?? row.key, cells: row.usage ? [row.usage.uses, row.usage.childTickets] : [NONE, NONE] }))
        .sort((a, b) => a.label.localeCompare(b.label, INTL_LOCALES[locale.current])),
    },
  };
}

/**
 * Roles that may download the yearly publication (R26): national and regional readers. A culture officer's
 * municipality is a row of the region's tables, not a publication of its own (decision 0022).
 */
export function hasYearlyReport(role: Role | null | undefined): boolean {
  return role === 'NATIONAL_ADMIN' || role === 'REGION_ADMIN' || role === 'ANALYST';
}
