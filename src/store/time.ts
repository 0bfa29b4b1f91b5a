// Time as the store keeps it: ISO-8601 UTC text, and calendar months (UTC) for quotas.

export function toIso(date: Date): string {
  return date.toISOString();
}

/** `YYYY-MM` of the UTC calendar month `date` falls in. */
export function monthKey(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** 00:00:00 UTC on the first day of the month after `date`: when that month's quota resets. */
export function nextMonthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
}

/** `2026-04-01T00:00:00Z`, the reference's spelling of `resets_at`. */
export function resetsAt(date: Date): string {
  return nextMonthStart(date).toISOString().replace('.000Z', 'Z');
}
