/** A calendar day (ISO `YYYY-MM-DD`) as French readers write it, `31/12/2025`; `—` when there is none. */
export const frDate = (iso: string | null | undefined): string => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '—');
