/**
 * Translation catalogues (`locales/de-DE/core.js`, `i18n/fr.json`, `conf/locale/locale_de-DE.ini`):
 * labels such as `host = Host`, never settings. Pure path logic.
 */
const TRANSLATION_FOLDER = /(?:^|\/)(?:locales?|i18n|l10n|lang|langs|languages?|translations?|messages)\//i;

export function isTranslationPath(path: string): boolean {
  return TRANSLATION_FOLDER.test(path);
}
