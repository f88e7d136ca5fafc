import { client } from '../graphql/client.js';
import { StatisticsYearlyReportDocument, type StatisticsReportFormat } from '../graphql/generated.js';
import { uiError, type UiError } from './errors.js';
import { saveReport } from './statistics.js';

/**
 * R26: fetches the yearly publication as a file — in the UI language, which travels as Accept-Language — and saves
 * it under the server's filename. Resolves with the filename, or the error in the user's language.
 */
export async function downloadYearlyReport(year: number, format: StatisticsReportFormat): Promise<{ filename: string } | { error: UiError }> {
  const result = await client.query(StatisticsYearlyReportDocument, { year, format }, { requestPolicy: 'network-only' }).toPromise();
  const error = uiError(result.error);
  const file = result.data?.yearlyReport;
  if (error) return { error };
  if (!file) throw new Error('yearlyReport answered without a file');
  saveReport(file);
  return { filename: file.filename };
}
