"""Front ends: the Qt GUI and the `logmeets` CLI, settings, logging, and the wiring of the core
packages. Both front ends reach the core through one Qt-free facade, `app.core.Core`. The only
package that imports Qt (and only in `app.gui`).
"""

__version__ = "0.1.0"
