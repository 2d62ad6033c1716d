/**
 * Names in every script Tessera promises to print (the certificate) and draw (badge art): one per
 * script, with a locale where it matters. Shared by the certificate's tests and the association
 * example's badge tests.
 */
export const NAMES_IN_EVERY_SCRIPT: readonly { script: string; name: string; locale?: string }[] = [
  { script: 'Latin with diacritics', name: 'Łukasz Wiśniewski' },
  { script: 'Vietnamese (stacked diacritics)', name: 'Nguyễn Thị Minh Khai', locale: 'vi' },
  { script: 'Greek', name: 'Ελένη Παπαδοπούλου', locale: 'el' },
  { script: 'Cyrillic', name: 'Анна Кузнецова', locale: 'ru' },
  { script: 'Chinese', name: '张伟', locale: 'zh-CN' },
  { script: 'Japanese', name: '山田 はなこ', locale: 'ja' },
  { script: 'Korean', name: '김민준', locale: 'ko' },
  { script: 'Arabic', name: 'محمد عبد الله', locale: 'ar' },
  { script: 'Hebrew', name: 'דוד כהן', locale: 'he' },
  { script: 'Devanagari', name: 'देवनागरी क्षत्रिय', locale: 'hi' },
  { script: 'Thai', name: 'สมชาย ใจดี', locale: 'th' },
  { script: 'Emoji', name: 'Ana 🎉👩‍💻' },
  { script: 'Mixed Latin and Han', name: 'José 张伟' },
]
