/** A table to fill: its columns, how many rows it will get (for the progress bar) and its COPY lines. */
export interface Table {
  name: string;
  columns: readonly string[];
  rows: number;
  lines(): Iterable<string>;
}
