"""App-wide web mechanics: security headers, templates, fragment or page, page cache."""
