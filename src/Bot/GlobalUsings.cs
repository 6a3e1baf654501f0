global using CoProduction.Store.Catalog;
global using CoProduction.Store.Conversations;
global using CoProduction.Store.Library;
global using CoProduction.Store.Results;
global using CoProduction.Store.Setup;
