//! `luotsi`: parse the command line, read settings, start logging, run the command.

fn main() -> std::process::ExitCode {
    luotsi::cli::main()
}
