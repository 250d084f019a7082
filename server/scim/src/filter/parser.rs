//! Recursive-descent parser for the filter grammar of RFC 7644 §3.4.2.2.
//!
//! Precedence from tightest: grouping `( )`, `not ( )`, `and`, `or`. Keywords and operators are
//! case-insensitive and whitespace between tokens is optional where the grammar allows it.

use serde_json::{Number, Value};

use super::lexer::{describe, position, Lexer, Spanned, Token};
use super::{AttrPath, CompareOp, Filter, FilterError};

/// Deepest nesting of parentheses, `not` and brackets accepted.
const MAX_DEPTH: usize = 32;
/// Most comparisons in one filter; keeps evaluation and translation shallow.
const MAX_TERMS: usize = 200;

/// Parses SCIM filter text such as `userName eq "bjensen" and not (emails co "example.org")`.
/// Empty text, unknown operators, unbalanced brackets and trailing text are errors whose message
/// names the position.
pub fn parse_filter(input: &str) -> Result<Filter, FilterError> {
    if input.trim().is_empty() {
        return Err(FilterError::new("the filter is empty"));
    }
    let mut parser = Parser::new(input, 0);
    let filter = parser.or_expr()?;
    match parser.lexer.advance()? {
        None => Ok(filter),
        Some(extra) => Err(parser.unexpected(&extra, "the end of the filter")),
    }
}

/// Parses the filter inside `[` … `]` starting at byte `start` of `input` (just past the `[`),
/// returning it and the byte offset just past the closing `]`. Used for PATCH paths such as
/// `emails[type eq "work"].value`.
pub(crate) fn parse_bracket_filter(
    input: &str,
    start: usize,
) -> Result<(Filter, usize), FilterError> {
    let mut parser = Parser::new(input, start);
    parser.in_brackets = true;
    let filter = parser.or_expr()?;
    match parser.lexer.advance()? {
        Some(Spanned {
            token: Token::RBracket,
            ..
        }) => Ok((filter, parser.lexer.offset())),
        Some(other) => Err(parser.unexpected(&other, "']'")),
        None => Err(FilterError::new("missing ']' at the end of the filter")),
    }
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    depth: usize,
    terms: usize,
    in_brackets: bool,
}

impl<'a> Parser<'a> {
    fn new(input: &'a str, start: usize) -> Self {
        Self {
            lexer: Lexer::new(input, start),
            depth: 0,
            terms: 0,
            in_brackets: false,
        }
    }

    fn or_expr(&mut self) -> Result<Filter, FilterError> {
        let mut left = self.and_expr()?;
        while self.peek_keyword("or")? {
            self.lexer.advance()?;
            let right = self.and_expr()?;
            left = Filter::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and_expr(&mut self) -> Result<Filter, FilterError> {
        let mut left = self.unary()?;
        while self.peek_keyword("and")? {
            self.lexer.advance()?;
            let right = self.unary()?;
            left = Filter::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Filter, FilterError> {
        self.depth += 1;
        let result = if self.depth > MAX_DEPTH {
            Err(FilterError::new(format!(
                "the filter nests more than {MAX_DEPTH} levels deep"
            )))
        } else {
            self.unary_inner()
        };
        self.depth -= 1;
        result
    }

    fn unary_inner(&mut self) -> Result<Filter, FilterError> {
        let expected = "an attribute path, 'not' or '('";
        let Some(first) = self.lexer.advance()? else {
            return Err(Self::at_end(expected));
        };
        match first.token {
            Token::LParen => {
                let inner = self.or_expr()?;
                self.close_paren(first.start)?;
                Ok(inner)
            }
            Token::Word(ref word)
                if word.eq_ignore_ascii_case("not") && self.peek_is_lparen()? =>
            {
                let open = self.lexer.advance()?.map_or(first.start, |t| t.start);
                let inner = self.or_expr()?;
                self.close_paren(open)?;
                Ok(Filter::Not(Box::new(inner)))
            }
            Token::Word(ref word) => self.attr_expr(word, first.start),
            _ => Err(self.unexpected(&first, expected)),
        }
    }

    fn attr_expr(&mut self, word: &str, start: usize) -> Result<Filter, FilterError> {
        let path = AttrPath::parse(word).map_err(|_| {
            FilterError::new(format!(
                "'{word}' at position {} is not a valid attribute path",
                self.pos(start)
            ))
        })?;
        self.terms += 1;
        if self.terms > MAX_TERMS {
            return Err(FilterError::new(format!(
                "the filter has more than {MAX_TERMS} comparisons"
            )));
        }
        if let Some(Spanned {
            token: Token::LBracket,
            start: open,
        }) = self.lexer.peek()?.cloned()
        {
            return self.value_path(path, open);
        }

        let expected = format!("an operator after '{word}'");
        let Some(op_token) = self.lexer.advance()? else {
            return Err(Self::at_end(&expected));
        };
        let Token::Word(keyword) = &op_token.token else {
            return Err(self.unexpected(&op_token, &expected));
        };
        if keyword.eq_ignore_ascii_case("pr") {
            return Ok(Filter::Present(path));
        }
        let op = CompareOp::from_keyword(keyword).ok_or_else(|| {
            FilterError::new(format!(
                "unknown operator '{keyword}' at position {}",
                self.pos(op_token.start)
            ))
        })?;
        let value = self.value(op, op_token.start)?;
        Ok(Filter::Compare { path, op, value })
    }

    fn value_path(&mut self, attr: AttrPath, open: usize) -> Result<Filter, FilterError> {
        if self.in_brackets {
            return Err(FilterError::new(format!(
                "'[' at position {} is inside another '[ ]' filter",
                self.pos(open)
            )));
        }
        if attr.sub.is_some() {
            return Err(FilterError::new(format!(
                "'[' at position {} follows a sub-attribute; only '{}' may be filtered",
                self.pos(open),
                attr.attr
            )));
        }
        self.lexer.advance()?;
        self.in_brackets = true;
        let inner = self.or_expr();
        self.in_brackets = false;
        let inner = inner?;
        match self.lexer.advance()? {
            Some(Spanned {
                token: Token::RBracket,
                ..
            }) => Ok(Filter::ValuePath {
                attr,
                filter: Box::new(inner),
            }),
            Some(other) => Err(self.unexpected(&other, "']'")),
            None => Err(FilterError::new(format!(
                "'[' at position {} is never closed",
                self.pos(open)
            ))),
        }
    }

    fn value(&mut self, op: CompareOp, op_start: usize) -> Result<Value, FilterError> {
        let expected = format!("a value after '{op}'");
        let Some(token) = self.lexer.advance()? else {
            return Err(Self::at_end(&expected));
        };
        let value = match &token.token {
            Token::Str(text) => Value::String(text.clone()),
            Token::Word(word) if word.eq_ignore_ascii_case("true") => Value::Bool(true),
            Token::Word(word) if word.eq_ignore_ascii_case("false") => Value::Bool(false),
            Token::Word(word) if word.eq_ignore_ascii_case("null") => Value::Null,
            Token::Word(word) => match serde_json::from_str::<Number>(word) {
                Ok(number) => Value::Number(number),
                Err(_) => {
                    return Err(FilterError::new(format!(
                        "'{word}' at position {} is not a value; strings need double quotes",
                        self.pos(token.start)
                    )))
                }
            },
            _ => return Err(self.unexpected(&token, &expected)),
        };
        let allowed = match &value {
            Value::String(_) => true,
            Value::Number(_) => !matches!(op, CompareOp::Co | CompareOp::Sw | CompareOp::Ew),
            _ => matches!(op, CompareOp::Eq | CompareOp::Ne),
        };
        if !allowed {
            return Err(FilterError::new(format!(
                "operator '{op}' at position {} cannot compare with {value}",
                self.pos(op_start)
            )));
        }
        Ok(value)
    }

    fn close_paren(&mut self, open: usize) -> Result<(), FilterError> {
        match self.lexer.advance()? {
            Some(Spanned {
                token: Token::RParen,
                ..
            }) => Ok(()),
            Some(other) => Err(self.unexpected(&other, "')'")),
            None => Err(FilterError::new(format!(
                "'(' at position {} is never closed",
                self.pos(open)
            ))),
        }
    }

    fn peek_keyword(&mut self, keyword: &str) -> Result<bool, FilterError> {
        Ok(matches!(
            self.lexer.peek()?,
            Some(Spanned { token: Token::Word(word), .. }) if word.eq_ignore_ascii_case(keyword)
        ))
    }

    fn peek_is_lparen(&mut self) -> Result<bool, FilterError> {
        Ok(matches!(
            self.lexer.peek()?,
            Some(Spanned {
                token: Token::LParen,
                ..
            })
        ))
    }

    fn pos(&self, byte: usize) -> usize {
        position(self.lexer.input(), byte)
    }

    fn unexpected(&self, found: &Spanned, expected: &str) -> FilterError {
        FilterError::new(format!(
            "expected {expected} but found {} at position {}",
            describe(&found.token),
            self.pos(found.start)
        ))
    }

    fn at_end(expected: &str) -> FilterError {
        FilterError::new(format!("expected {expected} but the filter ended"))
    }
}
