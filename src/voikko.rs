//! Voikko, the Finnish morphological analyser, loaded at run time from the system's
//! `libvoikko.so.1` (Debian `libvoikko1` with the dictionary `voikko-fi`), so the service starts
//! where it is missing and reads Finnish with stems alone. Only this file calls C: a few lines of
//! our own over Voikko's small C API (libvoikko is MPL/GPL/LGPL; loading it keeps it optional).
#![allow(unsafe_code)]

use std::ffi::{c_char, c_void, CStr, CString};
use std::sync::Mutex;

use libloading::Library;

use crate::domain::morphology::{Analyser, Reading};

type Init = unsafe extern "C" fn(*mut *const c_char, *const c_char, *const c_char) -> *mut c_void;
type Terminate = unsafe extern "C" fn(*mut c_void);
type Analyze = unsafe extern "C" fn(*mut c_void, *const c_char) -> *mut *mut c_void;
type Value = unsafe extern "C" fn(*const c_void, *const c_char) -> *mut c_char;
type FreeValue = unsafe extern "C" fn(*mut c_char);
type FreeAnalysis = unsafe extern "C" fn(*mut *mut c_void);
type Version = unsafe extern "C" fn() -> *const c_char;

/// The Finnish analyser to run with: Voikko where it is installed, else none, with a warning that
/// says what to install (the service runs either way; Finnish is then read with stems alone).
pub fn finnish() -> Box<dyn Analyser> {
    match Voikko::open() {
        Ok(voikko) => {
            log::info!("Finnish analyser: {}", voikko.name());
            Box::new(voikko)
        }
        Err(why) => {
            log::warn!("Finnish analyser: none, Finnish is read with stems alone: {why}");
            Box::new(crate::domain::morphology::NoAnalyser)
        }
    }
}

/// The process's Finnish analyser with its cache, opened at its first use: every state of a
/// process shares it (a word's analysis does not change).
pub fn shared() -> std::sync::Arc<crate::domain::morphology::Finnish> {
    static FINNISH: std::sync::OnceLock<std::sync::Arc<crate::domain::morphology::Finnish>> =
        std::sync::OnceLock::new();
    FINNISH.get_or_init(|| std::sync::Arc::new(crate::domain::morphology::Cached::new(finnish()))).clone()
}

/// The library names tried, in order.
const LIBRARIES: [&str; 2] = ["libvoikko.so.1", "libvoikko.so"];

/// A Voikko instance for Finnish. Its handle is not thread-safe, so calls take turns.
pub struct Voikko {
    handle: Mutex<Handle>,
    analyze: Analyze,
    value: Value,
    free_value: FreeValue,
    free_analysis: FreeAnalysis,
    terminate: Terminate,
    name: String,
    // Last: the functions above point into it, so it is dropped after them.
    _library: Library,
}

struct Handle(*mut c_void);

// The handle is only used behind the mutex, one call at a time.
unsafe impl Send for Handle {}

impl Voikko {
    /// Opens the system's Voikko for Finnish; why not, in words, when it cannot.
    pub fn open() -> Result<Self, String> {
        let mut failures = Vec::new();
        for name in LIBRARIES {
            // Loading runs the library's initialisers; libvoikko's are plain C setup.
            match unsafe { Library::new(name) } {
                Ok(library) => return Self::with(library),
                Err(e) => failures.push(format!("{name}: {e}")),
            }
        }
        Err(format!("libvoikko is not installed ({}); install libvoikko1 and voikko-fi (Debian)", failures.join("; ")))
    }

    fn with(library: Library) -> Result<Self, String> {
        // The symbols are those of Voikko's public C API (voikko.h), with these signatures.
        let symbol_error = |e: libloading::Error| format!("libvoikko lacks a function of its C API: {e}");
        let (init, terminate, analyze, value, free_value, free_analysis, version) = unsafe {
            (
                *library.get::<Init>(b"voikkoInit\0").map_err(symbol_error)?,
                *library.get::<Terminate>(b"voikkoTerminate\0").map_err(symbol_error)?,
                *library.get::<Analyze>(b"voikkoAnalyzeWordCstr\0").map_err(symbol_error)?,
                *library.get::<Value>(b"voikko_mor_analysis_value_cstr\0").map_err(symbol_error)?,
                *library.get::<FreeValue>(b"voikko_free_mor_analysis_value_cstr\0").map_err(symbol_error)?,
                *library.get::<FreeAnalysis>(b"voikko_free_mor_analysis\0").map_err(symbol_error)?,
                *library.get::<Version>(b"voikkoGetVersion\0").map_err(symbol_error)?,
            )
        };
        let mut error: *const c_char = std::ptr::null();
        // "fi" with the default dictionary path; on failure `error` points at a static message.
        let handle = unsafe { init(&mut error, c"fi".as_ptr(), std::ptr::null()) };
        if handle.is_null() {
            let why = if error.is_null() {
                "unknown error".to_owned()
            } else {
                unsafe { CStr::from_ptr(error) }.to_string_lossy().into_owned()
            };
            return Err(format!("Voikko has no Finnish dictionary ({why}); install voikko-fi (Debian)"));
        }
        let version = unsafe { version() };
        let version =
            if version.is_null() { String::new() } else { unsafe { CStr::from_ptr(version) }.to_string_lossy().into() };
        Ok(Self {
            handle: Mutex::new(Handle(handle)),
            analyze,
            value,
            free_value,
            free_analysis,
            terminate,
            name: format!("voikko {version}").trim().to_owned(),
            _library: library,
        })
    }

    /// The value of `key` in one analysis, copied out.
    fn field(&self, analysis: *const c_void, key: &CStr) -> Option<String> {
        let raw = unsafe { (self.value)(analysis, key.as_ptr()) };
        if raw.is_null() {
            return None;
        }
        let text = unsafe { CStr::from_ptr(raw) }.to_string_lossy().into_owned();
        unsafe { (self.free_value)(raw) };
        Some(text)
    }
}

impl Analyser for Voikko {
    fn name(&self) -> &str {
        &self.name
    }

    fn analyse(&self, word: &str) -> Vec<Reading> {
        let Ok(word) = CString::new(word) else { return Vec::new() };
        let Ok(handle) = self.handle.lock() else { return Vec::new() };
        // A NULL-terminated array of analyses, freed below; each is read before that.
        let list = unsafe { (self.analyze)(handle.0, word.as_ptr()) };
        if list.is_null() {
            return Vec::new();
        }
        let mut readings = Vec::new();
        for i in 0.. {
            let analysis = unsafe { *list.add(i) };
            if analysis.is_null() {
                break;
            }
            let Some(base_form) = self.field(analysis, c"BASEFORM") else { continue };
            let wordbases = self.field(analysis, c"WORDBASES").unwrap_or_default();
            let structure = self.field(analysis, c"STRUCTURE").unwrap_or_default();
            let parts = compound_parts(word.to_str().unwrap_or_default(), &base_form, &wordbases, &structure);
            let class = self.field(analysis, c"CLASS");
            let reading = Reading { base_form, parts, class };
            if !readings.contains(&reading) {
                readings.push(reading);
            }
        }
        unsafe { (self.free_analysis)(list) };
        readings
    }
}

impl Drop for Voikko {
    fn drop(&mut self) {
        if let Ok(handle) = self.handle.get_mut() {
            unsafe { (self.terminate)(handle.0) };
        }
    }
}

/// The base forms of a compound's parts ("kouristuskohtauksen": kouristus, kohtaus), empty for a
/// word of one part. Voikko marks where each part starts in `STRUCTURE` (`=`, one symbol a letter
/// otherwise) and gives each root's base form in `WORDBASES` (`+hengen(henki)+ahdist(ahdistaa)+us(+us)`,
/// a derivation's suffix with a `+` base). A part without a derivation is its root's base form
/// ("hengen": henki); a first part with one is as written, since first parts keep their base form
/// ("kouristus"); the last part is the rest of the whole word's base form ("ahdistus").
fn compound_parts(word: &str, base_form: &str, wordbases: &str, structure: &str) -> Vec<String> {
    // The written parts, from the structure.
    let mut written: Vec<String> = Vec::new();
    let mut letters = word.chars();
    for symbol in structure.chars() {
        if symbol == '=' {
            written.push(String::new());
        } else if let (Some(c), Some(part)) = (letters.next(), written.last_mut()) {
            if c != '-' {
                part.push(c);
            }
        }
    }
    written.retain(|p| !p.is_empty());
    if written.len() < 2 {
        return Vec::new();
    }
    // The roots with their derivations, from the word bases.
    let mut roots: Vec<(String, bool)> = Vec::new();
    for element in wordbases.split('+').filter(|e| !e.is_empty() && *e != "-") {
        let base = match (element.find('('), element.rfind(')')) {
            (Some(open), Some(close)) if close > open => &element[open + 1..close],
            _ => element,
        };
        match roots.last_mut() {
            // A derivation's suffix ("us(+us)" splits as "us(" then "us)"): its root is derived.
            _ if base.is_empty() || element.ends_with('(') => {}
            Some(last) if element.ends_with(')') && !element.contains('(') => last.1 = true,
            // A lexicalised compound's base names its own parts: "toimeentulo(toimeen=tulo)".
            _ => roots.extend(base.split('=').filter(|r| !r.is_empty()).map(|r| (r.to_owned(), false))),
        }
    }
    let last = written.len() - 1;
    let prefix: String = written[..last].concat();
    let tail = base_form.replace('-', "");
    let matched = roots.len() == written.len();
    let mut parts: Vec<String> = Vec::new();
    for (i, surface) in written.iter().enumerate() {
        let root = roots.get(i).filter(|_| matched);
        parts.push(if i == last {
            match (tail.strip_prefix(&prefix).filter(|t| !t.is_empty()), root) {
                (Some(rest), _) => rest.to_owned(),
                (None, Some((root, _))) => root.clone(),
                (None, None) => surface.clone(),
            }
        } else {
            match root {
                Some((root, false)) => root.clone(),
                _ => surface.clone(),
            }
        });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_parts_are_read_from_the_structure_and_word_bases() {
        let parts = |w, b, wb, st| compound_parts(w, b, wb, st);
        assert_eq!(
            parts("rahapelaamiseen", "rahapelata", "+raha(raha)+pelata(pelata)", "=pppp=ppppppppppp"),
            ["raha", "pelata"]
        );
        assert_eq!(
            parts(
                "hengenahdistusta",
                "hengenahdistus",
                "+hengen(henki)+ahdist(ahdistaa)+us(+us)",
                "=pppppp=pppppppppp"
            ),
            ["henki", "ahdistus"]
        );
        assert_eq!(
            parts(
                "kouristuskohtauksen",
                "kouristuskohtaus",
                "+kourist(kouristaa)+us(+us)+kohta(kohdata)+us(+us)",
                "=ppppppppp=pppppppppp"
            ),
            ["kouristus", "kohtaus"]
        );
        assert_eq!(parts("ruoka-avusta", "ruoka-apu", "+ruoka(ruoka)+-+apu(apu)", "=ppppp-=pppppp"), ["ruoka", "apu"]);
        assert!(parts("tajuttomana", "tajuton", "+taju(taju)+ton(+ton)", "=ppppppppppp").is_empty());
        assert!(parts("juomisesta", "juoda", "+juoda(juoda)", "=pppppppppp").is_empty());
    }
}
