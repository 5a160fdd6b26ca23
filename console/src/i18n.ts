// The console's languages: pt-BR first (the product's), English and Spanish. The choice is kept in
// the browser; there is no detection, so a Brazilian customer always starts in Portuguese.
// Portuguese is in the main bundle; English and Spanish (about 100 kB each) load when chosen.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import ptBR from './locales/pt-BR.json';
import { withPluralZero } from './plural-zero';

export const LOCALES = [
  { code: 'pt-BR', label: 'Português' },
  { code: 'en', label: 'English' },
  { code: 'es', label: 'Español' },
] as const;

export type Locale = (typeof LOCALES)[number]['code'];

const STORAGE_KEY = 'helper.console.locale';

export function isLocale(value: unknown): value is Locale {
  return LOCALES.some((locale) => locale.code === value);
}

function storedLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : 'pt-BR';
  } catch {
    return 'pt-BR';
  }
}

const LOADERS: Record<Exclude<Locale, 'pt-BR'>, () => Promise<{ default: Record<string, unknown> }>> = {
  en: () => import('./locales/en.json'),
  es: () => import('./locales/es.json'),
};

/** Adds a language's words to i18next when they are not there yet (pt-BR always is). */
async function loadLocale(locale: Locale): Promise<void> {
  if (locale === 'pt-BR' || i18next.hasResourceBundle(locale, 'translation')) return;
  const words = await LOADERS[locale]();
  i18next.addResourceBundle(locale, 'translation', words.default, true, true);
}

/** The language asked for last: a slower load of an earlier choice does not override it. */
let wanted: Locale | undefined;

export function changeLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private modes may refuse storage; the choice then lasts for this page only.
  }
  wanted = locale;
  loadLocale(locale).then(
    () => (wanted === locale ? i18next.changeLanguage(locale) : undefined),
    // Not fetched (offline, or the platform upgraded since the page loaded): the console stays in
    // its language and the picker with it; the stored choice applies at the next load.
    () => undefined,
  );
}

i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

/**
 * Resolves once the stored language's words are loaded and i18next speaks it: the console renders
 * after it (main.tsx), so an English or Spanish user never sees the Portuguese first.
 */
export const i18nReady: Promise<void> = (async () => {
  const initial = storedLocale();
  await i18next.use(initReactI18next).init({
    // "0 frases", not "0 frase": ./plural-zero.ts.
    resources: { 'pt-BR': { translation: withPluralZero(ptBR) } },
    lng: 'pt-BR',
    fallbackLng: 'pt-BR',
    interpolation: { escapeValue: false },
  });
  if (initial !== 'pt-BR') {
    try {
      await loadLocale(initial);
      await i18next.changeLanguage(initial);
    } catch {
      // The language's file could not be fetched (offline, a new deployment): Portuguese, as the product speaks.
    }
  }
})();

export default i18next;
