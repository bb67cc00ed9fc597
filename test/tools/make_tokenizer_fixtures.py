"""Writes test/fixtures/vision/tokenizer/clip-parity.json: a corpus of varied strings with the ids Hugging Face's
CLIP tokenizers give them (truncation=True, max_length=77, no padding), for RefLabel's tokenizer parity test.

The reference is transformers' slow, pure-Python CLIPTokenizer without ftfy (what a user without ftfy gets), which
transformers 5 no longer ships, so this needs transformers 4.x and must not have ftfy installed:

    python3 -m venv /tmp/tf4 && /tmp/tf4/bin/pip install --no-deps 'transformers<5' 'tokenizers<0.23'
    /tmp/tf4/bin/pip install regex pyyaml numpy packaging filelock safetensors tqdm requests huggingface-hub
    /tmp/tf4/bin/python test/tools/make_tokenizer_fixtures.py

(transformers 4.57 pins huggingface-hub < 1.0 at import time; only tokenizers are used here, so that check is
skipped below.) CLIPTokenizerFast's ids are recorded too, since it differs from the slow one on some inputs.

vocab.json and merges.txt are built from OpenAI's original merges list in ../shared/vocab/ the way CLIP builds its
vocabulary (bytes_to_unicode, then + '</w>', then the merges, then the two special tokens), in a temporary folder:
nothing large is committed.
"""
import gzip
import json
import os
import sys
import tempfile
import types

sys.modules['transformers.dependency_versions_check'] = types.ModuleType('transformers.dependency_versions_check')

try:
    import ftfy  # noqa: F401
    sys.exit('uninstall ftfy: the reference is the tokenizer without it')
except ImportError:
    pass

from transformers import CLIPTokenizer, CLIPTokenizerFast  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')
MERGES_GZ = os.path.join(ROOT, '..', 'shared', 'vocab', 'clip-bpe-simple-vocab-16e6.txt.gz')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'vision', 'tokenizer', 'clip-parity.json')


def bytes_to_unicode():
    bs = list(range(ord('!'), ord('~') + 1)) + list(range(ord('¡'), ord('¬') + 1)) + list(range(ord('®'), ord('ÿ') + 1))
    cs = bs[:]
    n = 0
    for b in range(2**8):
        if b not in bs:
            bs.append(b)
            cs.append(2**8 + n)
            n += 1
    return dict(zip(bs, [chr(n) for n in cs]))


def write_hf_files(folder):
    merges = gzip.open(MERGES_GZ).read().decode('utf-8').split('\n')
    merges = merges[1:49152 - 256 - 2 + 1]
    vocab = list(bytes_to_unicode().values())
    vocab = vocab + [v + '</w>' for v in vocab]
    vocab += [''.join(m.split()) for m in merges]
    vocab += ['<|startoftext|>', '<|endoftext|>']
    with open(os.path.join(folder, 'vocab.json'), 'w', encoding='utf-8') as f:
        json.dump({t: i for i, t in enumerate(vocab)}, f, ensure_ascii=False)
    with open(os.path.join(folder, 'merges.txt'), 'w', encoding='utf-8') as f:
        f.write('#version: 0.2\n' + '\n'.join(merges) + '\n')


def refcoco_expressions():
    subjects = ['man', 'woman', 'guy', 'lady', 'kid', 'girl', 'boy', 'dog', 'cat', 'horse', 'elephant', 'zebra',
                'giraffe', 'car', 'bus', 'truck', 'bike', 'chair', 'couch', 'bowl', 'banana', 'donut', 'pizza slice',
                'umbrella', 'sheep']
    colours = ['red', 'white', 'black', 'blue', 'green', 'yellow', 'striped', 'dark', 'light brown', 'pink']
    places = ['on the left', 'on right', 'in the middle', 'far left', 'bottom right', 'top left corner', 'in front',
              'behind the fence', 'closest to us', 'second from left', 'next to the tree', 'under the table']
    out = []
    for i in range(90):
        s = subjects[i % len(subjects)]
        c = colours[(i * 7) % len(colours)]
        p = places[(i * 5) % len(places)]
        form = i % 6
        if form == 0:
            out.append(f'{c} {s} {p}')
        elif form == 1:
            out.append(f'the {s} {p}')
        elif form == 2:
            out.append(f'{s} in {c} shirt {p}')
        elif form == 3:
            out.append(f'{p.capitalize()} {s}')
        elif form == 4:
            out.append(f'{s} wearing {c} hat, {p}')
        else:
            out.append(f'{c.upper()} {s.upper()} {p}!')
    return out


HANDPICKED = [
    '', ' ', '   \t\n  ', 'a', 'A', 'I', '.', '!!!', '...', '?!?', '—', '–', '-', '--', '_', '__init__', '@', '#1',
    'hello world', 'Hello, World!', 'HELLO WORLD', 'a photo of a cat', 'a photo of a dog.',
    "it's", "don't", "I'm here", "they'll go", "we've won", "she'd know", "you're right", "IT'S LOUD", "Don'T",
    "the dog's ball", "rock 'n' roll", "'quoted'", '"double quoted"', '“curly quotes”', '‘single curly’',
    'the man’s hat', 'l’homme', "o'clock", "'s", "''", '"',
    '123', '3.14159', '1,000,000', '2nd from left', '1st place', '42nd street', 'room 101', '+7 (495) 123-45-67',
    '0.5x zoom', '1/2 cup', '50%', '$19.99', '€5', '£3', '¥100', '100°C', '10:30 am', '2024-05-17', 'x²+y²=z²',
    '½ sandwich', 'Ⅻ o’clock', '٣ apples', '१२३', '①②③',
    'café', 'naïve', 'résumé', 'Ångström', 'São Paulo', 'Zürich', 'Straße', 'STRASSE', 'Œuvre', 'Æsir', 'fjörður',
    'İstanbul', 'DİYARBAKIR', 'ıi', 'Ǆemal', 'ǅ', 'ﬁne ﬂower', 'ﬀ', 'e\u0301', 'cafe\u0301', 'A\u030a', 'n\u0303o',
    'ΟΔΟΣ', 'Σίσυφος', 'ὈΔΥΣΣΕΎΣ', 'Москва', 'ПРИВЕТ мир', 'Ελληνικά', 'עברית', 'العربية', 'हिन्दी', 'ไทย',
    '中文', '我爱北京天安门', '日本語のテキスト', 'カタカナ', 'ひらがな', '한국어 텍스트', '漢字とかな', 'mixed 中文 and english',
    '𠀀𠀁', '兀', '〇', 'ｆｕｌｌｗｉｄｔｈ', 'ＡＢＣ１２３',
    '👍', '👍🏽', '❤️', '❤', '🇫🇷', '👨\u200d👩\u200d👧', '😀😃😄', 'dog 🐶 on the left', '✨sparkly✨', '©®™', '→ ← ↑ ↓',
    '★☆', '♠♣♥♦', '∑∫√∞', '≤≥≠', '°', '§¶', '¿qué?', '¡olé!', '«guillemets»', '„Anführung“', '‹›',
    'tab\tseparated', 'new\nline', 'carriage\r\nreturn', 'non\u00a0breaking', 'ideographic\u3000space',
    'line\u2028separator', 'para\u2029graph', 'em\u2003space', 'zero\u200bwidth', '\ufeffbom start', 'nul\x00char',
    'bell\x07char', 'vertical\x0btab', 'form\x0cfeed', 'replacement\ufffdchar', 'soft\u00adhyphen', 'rtl\u200fmark',
    'private\ue000use', '\x1cfile sep', 'next\x85line',
    '&amp;', '&lt;b&gt;bold&lt;/b&gt;', 'fish &amp; chips', '&quot;hi&quot;', '&#39;', '<b>html</b>', '<br/>',
    'AT&T', 'a&b', 'x<y', 'https://example.com/path?q=1&r=2', 'user@example.com', 'C:\\Users\\name', '/usr/bin/env',
    'snake_case_name', 'camelCaseName', 'kebab-case-name', 'UPPER_CASE', 'f(x) = 2x + 1', 'a[0] == b{1}', '#hashtag',
    '@mention', 'e.g. i.e. etc.', 'U.S.A.', 'Mr. Smith', 'Dr. Who?', 'No. 5', 'vs.', 'ok?? ok!!', 'wait... what',
    'supercalifragilisticexpialidocious', 'pneumonoultramicroscopicsilicovolcanoconiosis', 'aaaaaaaaaaaaaaaaaaaaaaaa',
    'abababababababababab', 'zzzz', 'qwxz', 'thequickbrownfoxjumpsoverthelazydog',
    '<|startoftext|>', '<|endoftext|>', 'a <|endoftext|> b', '<|endoftext|><|endoftext|>', '<|ENDOFTEXT|>',
    '<|startoftext|>hello<|endoftext|>', '<|', '|>',
    '  leading and trailing spaces  ', 'multiple     spaces   inside', 'MiXeD CaSe TeXt', 'ALL CAPS EXPRESSION',
]

LONG = [
    'the man on the left wearing a red shirt and blue jeans standing next to the woman with the umbrella ' * 3,
    ' '.join(str(i) for i in range(100)),
    'a ' * 80,
    'a ' * 75,
    'a ' * 74,
    'a ' * 76,
    '!' * 300,
    '中' * 90,
    '👍' * 40,
    ' '.join(['supercalifragilisticexpialidocious'] * 12),
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore '
    'magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo '
    'consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla.',
]


def main():
    corpus = HANDPICKED + refcoco_expressions() + LONG
    assert len(corpus) >= 200 and len(set(corpus)) == len(corpus), (len(corpus), len(set(corpus)))
    with tempfile.TemporaryDirectory() as folder:
        write_hf_files(folder)
        vocab, merges = os.path.join(folder, 'vocab.json'), os.path.join(folder, 'merges.txt')
        slow = CLIPTokenizer(vocab, merges)
        assert slow.fix_text is None
        fast = CLIPTokenizerFast(vocab, merges)
        rows = []
        for text in corpus:
            s = slow(text, truncation=True, max_length=77)['input_ids']
            f = fast(text, truncation=True, max_length=77)['input_ids']
            row = {'text': text, 'ids': s}
            if f != s:
                row['fastIds'] = f
            rows.append(row)
        padded = slow(['a photo of a cat', ''], padding='max_length', truncation=True, max_length=77)
    with open(OUT, 'w', encoding='utf-8') as f:
        json.dump({
            'reference': 'transformers 4.x CLIPTokenizer (slow, no ftfy), truncation=True, max_length=77',
            'padded': {'texts': ['a photo of a cat', ''], 'input_ids': padded['input_ids'],
                       'attention_mask': padded['attention_mask']},
            'corpus': rows,
        }, f, ensure_ascii=True, separators=(',', ':'))
    differ = [r['text'] for r in rows if 'fastIds' in r]
    print(f'{len(rows)} strings; CLIPTokenizerFast differs on {len(differ)}: {differ!r}')


if __name__ == '__main__':
    main()
