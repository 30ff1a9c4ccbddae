/**
 * Identifiers of French public bodies and contact details, checked before anything is stored.
 * Each function returns a French message when the value is wrong, or null when it is right.
 */

/** INSEE commune code: 5 characters, digits, or 2A/2B followed by 3 digits for Corsica. */
export function inseeCodeProblem(code: string): string | null {
  if (/^(\d{5}|2[AB]\d{3})$/.test(code)) {
    // "20xxx" has not existed since 1976: Corsican communes are 2Axxx / 2Bxxx.
    if (code.startsWith('20')) return 'Les communes de Corse ont un code 2A… ou 2B…, pas 20….';
    return null;
  }
  return 'Le code INSEE compte 5 caractères : 5 chiffres, ou 2A/2B suivi de 3 chiffres (Corse).';
}

/** Luhn checksum, used by SIREN and SIRET. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** La Poste's establishments share one SIREN and do not follow the Luhn rule (sum of digits multiple of 5). */
const LA_POSTE_SIREN = '356000000';

export function sirenProblem(siren: string): string | null {
  if (!/^\d{9}$/.test(siren)) return 'Le SIREN compte 9 chiffres.';
  if (!luhnValid(siren)) return 'Ce numéro SIREN n’est pas valide (clé de contrôle incorrecte).';
  return null;
}

export function siretProblem(siret: string): string | null {
  if (!/^\d{14}$/.test(siret)) return 'Le SIRET compte 14 chiffres.';
  const laPosteValid = siret.startsWith(LA_POSTE_SIREN) && [...siret].reduce((s, c) => s + Number(c), 0) % 5 === 0;
  if (!luhnValid(siret) && !laPosteValid) return 'Ce numéro SIRET n’est pas valide (clé de contrôle incorrecte).';
  return null;
}

/** Removes the spaces people type in identifiers ("219 000 106"). */
export function compactDigits(value: string): string {
  return value.replace(/[\s.-]/g, '').toUpperCase();
}

/**
 * A French phone number in its national 10-digit form, from what people type:
 * "03 84 21 00 00", "03.84.21.00.00", "+33 3 84 21 00 00", "0033384210000". Null when it is not one.
 */
export function normalisePhone(value: string): string | null {
  let v = value.replace(/[\s.\-()/]/g, '');
  if (v.startsWith('+33')) v = `0${v.slice(3)}`;
  else if (v.startsWith('0033')) v = `0${v.slice(4)}`;
  if (v.startsWith('00')) return null;
  return /^0[1-9]\d{8}$/.test(v) ? v : null;
}

/** "0384210000" → "03 84 21 00 00". */
export function formatPhone(digits: string): string {
  return digits.replace(/(\d{2})(?=\d)/g, '$1 ');
}

export function phoneProblem(value: string): string | null {
  return normalisePhone(value) ? null : 'Numéro de téléphone français attendu, par exemple 03 84 21 00 00.';
}

/** Deliberately simple: one @, a dot in the domain, no spaces. The mail server has the last word. */
export function emailProblem(value: string): string | null {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? null : 'Adresse e-mail invalide, par exemple mairie@exemple.fr.';
}
