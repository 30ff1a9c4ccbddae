import { describe, expect, it } from 'vitest';
import { emailProblem, inseeCodeProblem, luhnValid, normalisePhone, sirenProblem, siretProblem } from './identifiers.ts';

describe('identifiers of public bodies', () => {
  it('accepts INSEE codes of mainland and Corsican communes, refuses the rest', () => {
    expect(inseeCodeProblem('90010')).toBeNull();
    expect(inseeCodeProblem('2A004')).toBeNull();
    expect(inseeCodeProblem('2B033')).toBeNull();
    expect(inseeCodeProblem('97411')).toBeNull();
    expect(inseeCodeProblem('9001')).toMatch(/5 caractères/);
    expect(inseeCodeProblem('2C004')).toMatch(/5 caractères/);
    expect(inseeCodeProblem('900100')).toMatch(/5 caractères/);
    expect(inseeCodeProblem('20004')).toMatch(/Corse/);
  });

  it('checks the SIREN length and Luhn key', () => {
    expect(sirenProblem('219000106')).toBeNull(); // Belfort
    expect(sirenProblem('200069052')).toBeNull(); // CA Grand Belfort
    expect(sirenProblem('219000107')).toMatch(/clé de contrôle/);
    expect(sirenProblem('21900010')).toMatch(/9 chiffres/);
    expect(sirenProblem('21900010A')).toMatch(/9 chiffres/);
  });

  it('checks the SIRET length and Luhn key, with La Poste’s exception', () => {
    expect(luhnValid('21900010600019')).toBe(true);
    expect(siretProblem('21900010600019')).toBeNull();
    expect(siretProblem('21900010600014')).toMatch(/clé de contrôle/);
    expect(siretProblem('2190001060001')).toMatch(/14 chiffres/);
    // La Poste: the sum of the digits is a multiple of 5, the Luhn key does not hold.
    expect(luhnValid('35600000000047')).toBe(false);
    expect(siretProblem('35600000000047')).toBeNull();
    expect(siretProblem('35600000000049')).toMatch(/clé de contrôle/);
  });

  it('reads French phone numbers as people type them', () => {
    expect(normalisePhone('03 84 21 00 00')).toBe('0384210000');
    expect(normalisePhone('03.84.21.00.00')).toBe('0384210000');
    expect(normalisePhone('+33 3 84 21 00 00')).toBe('0384210000');
    expect(normalisePhone('0033 3 84 21 00 00')).toBe('0384210000');
    expect(normalisePhone('06-12-34-56-78')).toBe('0612345678');
    expect(normalisePhone('0012345678')).toBeNull();
    expect(normalisePhone('03 84 21 00')).toBeNull();
    expect(normalisePhone('+44 20 7946 0000')).toBeNull();
  });

  it('checks e-mail addresses', () => {
    expect(emailProblem('mairie@exemple.fr')).toBeNull();
    expect(emailProblem('mairie@exemple')).toMatch(/invalide/);
    expect(emailProblem('mai rie@exemple.fr')).toMatch(/invalide/);
  });
});
