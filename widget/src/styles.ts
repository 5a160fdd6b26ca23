// The widget's styles, inside its shadow root: the host page's CSS cannot reach in, and these rules
// cannot leak out. Colours come from data-color / data-text-color through custom properties.
export const styles = `
:host { all: initial; }
* { box-sizing: border-box; }
.root { position: fixed; bottom: 20px; right: 20px; z-index: 2147483000; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2433; }
.root.left { right: auto; left: 20px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
button { font: inherit; cursor: pointer; }
:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.launcher { width: 60px; height: 60px; border: 0; border-radius: 50%; background: var(--ha-color); color: var(--ha-text); box-shadow: 0 4px 14px rgba(0,0,0,.25); display: grid; place-items: center; margin-left: auto; }
.launcher svg { width: 28px; height: 28px; }
.panel { width: min(370px, calc(100vw - 40px)); height: min(560px, calc(100vh - 110px)); margin-bottom: 12px; background: #fff; border-radius: 14px; box-shadow: 0 8px 30px rgba(0,0,0,.25); display: flex; flex-direction: column; overflow: hidden; animation: ha-in .18s ease-out; }
.panel[hidden] { display: none; }
header { background: var(--ha-color); color: var(--ha-text); display: flex; align-items: center; gap: 10px; padding: 12px 14px; }
header img { width: 36px; height: 36px; border-radius: 50%; object-fit: cover; background: #fff; }
header h2 { font-size: 16px; margin: 0; font-weight: 600; }
header p { font-size: 12px; margin: 0; opacity: .85; }
header .titles { flex: 1; min-width: 0; }
.close { background: transparent; border: 0; color: inherit; font-size: 24px; line-height: 1; padding: 4px 8px; border-radius: 6px; }
.status { background: #fff4ce; color: #5c4400; font-size: 13px; padding: 6px 14px; }
.status:empty { display: none; }
.messages { flex: 1; overflow-y: auto; margin: 0; padding: 14px; list-style: none; display: flex; flex-direction: column; gap: 8px; background: #f5f7fa; }
.messages li { max-width: 85%; white-space: pre-wrap; overflow-wrap: anywhere; }
.bot { align-self: flex-start; }
.user { align-self: flex-end; }
.bubble { padding: 8px 12px; border-radius: 14px; background: #fff; border: 1px solid #dde3ea; }
.user .bubble { background: var(--ha-color); color: var(--ha-text); border-color: transparent; }
.bubble a { color: var(--ha-color); text-decoration: underline; overflow-wrap: anywhere; }
input[aria-invalid="true"] { border-color: #b42318; }
.messages img, .messages video { display: block; max-width: 100%; border-radius: 10px; border: 1px solid #dde3ea; }
.replies { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.replies button, .replies .link { text-decoration: none; font-size: 14px; }
.replies button { border: 1px solid var(--ha-color); color: var(--ha-color); background: #fff; border-radius: 16px; padding: 5px 12px; }
.replies .link { border: 1px solid var(--ha-color); color: var(--ha-color); border-radius: 16px; padding: 5px 12px; }
.replies button:hover { background: var(--ha-color); color: var(--ha-text); }
.typing { padding: 0 14px 8px; background: #f5f7fa; display: flex; gap: 4px; }
.typing[hidden] { display: none; }
.typing span { width: 8px; height: 8px; border-radius: 50%; background: #8a94a6; animation: ha-blink 1.2s infinite; }
.typing span:nth-child(2) { animation-delay: .2s; } .typing span:nth-child(3) { animation-delay: .4s; }
form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #dde3ea; background: #fff; }
input { flex: 1; min-width: 0; font: inherit; padding: 9px 12px; border: 1px solid #b8c1cf; border-radius: 20px; color: #1d2433; background: #fff; }
.send { border: 0; border-radius: 50%; width: 40px; height: 40px; background: var(--ha-color); color: var(--ha-text); display: grid; place-items: center; }
.send svg { width: 18px; height: 18px; }
@keyframes ha-in { from { opacity: 0; transform: translateY(8px); } }
@keyframes ha-blink { 50% { opacity: .3; } }
@media (prefers-reduced-motion: reduce) { .panel, .typing span { animation: none; } }
`;
