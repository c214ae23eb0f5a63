import { DEFAULT_LANGUAGE, isLanguage, messages, type Language, type Messages } from '../i18n/index.ts';

const STORAGE_KEY = 'posture.lang';

function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

/** The interface language (Vietnamese by default) and its messages. */
class LocaleState {
  lang = $state<Language>(storedLanguage());

  /** Messages of the current language; reading it inside a template or effect makes it reactive. */
  get t(): Messages {
    return messages[this.lang];
  }

  set(lang: Language): void {
    this.lang = lang;
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Private mode or storage disabled: the choice just isn't remembered.
    }
  }

  toggle(): void {
    this.set(this.lang === 'vi' ? 'en' : 'vi');
  }

  /** The language the switch leads to. */
  get other(): Language {
    return this.lang === 'vi' ? 'en' : 'vi';
  }
}

export const locale = new LocaleState();
