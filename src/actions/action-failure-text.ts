// What the user is told when a custom action fails and its skill has no text of its own.
const TEXTS: Record<string, string> = {
  pt: 'Desculpe, não consegui concluir isso agora. Tente de novo em instantes.',
  en: "Sorry, I couldn't complete that right now. Please try again in a moment.",
  es: 'Lo siento, no pude completar eso ahora. Inténtalo de nuevo en unos momentos.',
};

export function actionFailureText(language: string): string {
  return TEXTS[language.slice(0, 2).toLowerCase()] ?? TEXTS['en'] ?? '';
}
