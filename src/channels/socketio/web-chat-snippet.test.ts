import { describe, expect, it } from 'vitest';
import { webChatValues } from './web-chat-snippet.js';

describe('webChatValues', () => {
  it('gives the script URL, the tag to paste and the demo page of an assistant', () => {
    expect(webChatValues('https://acmept.helperassistant.example', { language: 'pt', name: 'Helper' })).toEqual({
      scriptUrl: 'https://acmept.helperassistant.example/widget.js',
      snippet: '<script src="https://acmept.helperassistant.example/widget.js" data-lang="pt-BR" data-title="Helper" async></script>',
      demoPageUrl: 'https://acmept.helperassistant.example/chat',
    });
  });

  it('escapes the assistant name inside the attribute', () => {
    expect(webChatValues('http://x.localhost:5005', { language: 'es', name: 'A "quoted" <b>' }).snippet).toBe(
      '<script src="http://x.localhost:5005/widget.js" data-lang="es" data-title="A &quot;quoted&quot; &lt;b&gt;" async></script>',
    );
  });
});
