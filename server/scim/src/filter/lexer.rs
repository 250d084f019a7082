//! Splits filter text into tokens, one at a time, so a caller can stop after a closing `]`.

use super::FilterError;

/// One token of filter text.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
    LParen,
    RParen,
    LBracket,
    RBracket,
    /// A run of other characters: an attribute path, keyword, operator, number or literal.
    Word(String),
    /// A double-quoted JSON string, escapes already decoded.
    Str(String),
}

/// A token and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Spanned {
    pub token: Token,
    pub start: usize,
}

/// Reads tokens from `input` starting at a byte offset.
pub(super) struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    peeked: Option<Spanned>,
}

impl<'a> Lexer<'a> {
    /// A lexer over `input` that starts reading at byte offset `start`.
    pub fn new(input: &'a str, start: usize) -> Self {
        Self {
            input,
            pos: start,
            peeked: None,
        }
    }

    /// The text being read.
    pub fn input(&self) -> &'a str {
        self.input
    }

    /// The next token without consuming it.
    pub fn peek(&mut self) -> Result<Option<&Spanned>, FilterError> {
        if self.peeked.is_none() {
            self.peeked = self.read()?;
        }
        Ok(self.peeked.as_ref())
    }

    /// Consumes and returns the next token.
    pub fn advance(&mut self) -> Result<Option<Spanned>, FilterError> {
        match self.peeked.take() {
            Some(token) => Ok(Some(token)),
            None => self.read(),
        }
    }

    /// The byte offset just past the last consumed token. Only meaningful when nothing is peeked.
    pub fn offset(&self) -> usize {
        self.pos
    }

    fn read(&mut self) -> Result<Option<Spanned>, FilterError> {
        let rest = &self.input[self.pos..];
        let trimmed = rest.trim_start();
        self.pos += rest.len() - trimmed.len();
        let start = self.pos;
        let Some(first) = trimmed.chars().next() else {
            return Ok(None);
        };
        let single = match first {
            '(' => Some(Token::LParen),
            ')' => Some(Token::RParen),
            '[' => Some(Token::LBracket),
            ']' => Some(Token::RBracket),
            _ => None,
        };
        if let Some(token) = single {
            self.pos += 1;
            return Ok(Some(Spanned { token, start }));
        }
        if first == '"' {
            let len = string_len(trimmed).ok_or_else(|| {
                FilterError::new(format!(
                    "unterminated string starting at position {}",
                    position(self.input, start)
                ))
            })?;
            let literal = &trimmed[..len];
            let text = serde_json::from_str::<String>(literal).map_err(|_| {
                FilterError::new(format!(
                    "invalid string {literal} at position {}",
                    position(self.input, start)
                ))
            })?;
            self.pos += len;
            return Ok(Some(Spanned {
                token: Token::Str(text),
                start,
            }));
        }
        let len = trimmed
            .find(|c: char| c.is_whitespace() || "()[]\"".contains(c))
            .unwrap_or(trimmed.len());
        self.pos += len;
        Ok(Some(Spanned {
            token: Token::Word(trimmed[..len].to_owned()),
            start,
        }))
    }
}

/// The byte length of the double-quoted string at the start of `text`, quotes included.
fn string_len(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (index, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(index + 1),
            _ => {}
        }
    }
    None
}

/// The 1-based character position of byte offset `byte` in `input`, for messages.
pub(super) fn position(input: &str, byte: usize) -> usize {
    input
        .get(..byte)
        .map_or(byte, |before| before.chars().count())
        + 1
}

/// How a token reads in an error message.
pub(super) fn describe(token: &Token) -> String {
    match token {
        Token::LParen => "'('".to_owned(),
        Token::RParen => "')'".to_owned(),
        Token::LBracket => "'['".to_owned(),
        Token::RBracket => "']'".to_owned(),
        Token::Word(word) => format!("'{word}'"),
        Token::Str(text) => format!("string {}", serde_json::Value::from(text.as_str())),
    }
}
