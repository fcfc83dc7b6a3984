import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript } from '@sharebench/report';
import { html, raw } from '../../src/html/escape.js';

describe('html/escape', () => {
  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('embeds JSON that cannot close a script element and parses back to the same value', () => {
    const value = { job: '</script><img src=x onerror=alert(1)>', amp: '&amp;', ls: 'a\u2028b\u2029c', q: '"quotes"' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text).toContain('\\u003c/script\\u003e');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('html`` escapes every interpolation except markup it made itself', () => {
    const name = '<b>"x"</b>';
    expect(html`<td title="${name}">${name}</td>`.value).toBe('<td title="&lt;b&gt;&quot;x&quot;&lt;/b&gt;">&lt;b&gt;&quot;x&quot;&lt;/b&gt;</td>');
    expect(html`<ul>${[1, 2].map((i) => html`<li>${i}</li>`)}</ul>`.value).toBe('<ul><li>1</li><li>2</li></ul>');
    expect(html`${raw('<br>')}${null}${undefined}`.value).toBe('<br>');
  });
});
